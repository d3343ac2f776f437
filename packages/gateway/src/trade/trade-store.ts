/**
 * The trade store: orders, fills, balances and deposits in SQLite, and what the engine needs to
 * come back after a restart.
 *
 * `commit(events)` writes the events of one or more engine calls in ONE transaction; the sim venue
 * commits before it answers a request and before it pushes anything. With WAL and
 * `synchronous=NORMAL` a committed transaction survives a killed process, so an acknowledged order
 * is always on disk and an order on disk has its balances beside it.
 *
 * The engine's restore contract replays a journal of its events, which record effects (an order's
 * exact record, an account's balance after a change, a fill). Folding them keeps only the latest
 * of each, and that is what these tables hold: each open order's latest `record` beside its wire
 * form, each balance's latest value, the fills. `restorePoint()` and `journal()` give them back as
 * that folded journal, so nothing grows but the orders and fills themselves.
 *
 * Queries for the REST API read from here (not from the engine), which keeps ended orders and old
 * fills pageable however long the engine has forgotten them.
 */

import type { EngineEvent, EngineSnapshot, OrderRecord } from '@ots/engine';
import type { DealtTrans, Order, OrderStatus } from '@ots/protocol';
import { isActiveStatus, ORDER_STATUSES } from '@ots/protocol';
import type { Database, Statement } from 'better-sqlite3';
import { type Deferred, deferred } from '../deferred.js';
import { type CommitThread, MAX_IN_FLIGHT } from '../store/commit-thread.js';
import { runWriteBatch, WriteBatch } from '../store/write-batch.js';
import { ClientOidIndex } from './client-oid-index.js';
import { decodeOrder, decodeRecord, encodeFields, type OrderColumns, orderIdOf } from './order-row.js';

/** The columns a query reads to rebuild an `Order` (`decodeOrder`). */
const ORDER_ROW = 'exchange_oid, account, client_oid, contract, status, fields';
type OrderRow = OrderColumns & { fields: string };
const orderOfRow = (row: OrderRow): Order => decodeOrder(row, row.fields);
/**
 * Every account's open orders, read through the index that holds only them: without statistics the
 * planner would scan every order ever placed.
 */
const OPEN_ORDERS = 'trade_orders INDEXED BY trade_orders_active WHERE active = 1';

/**
 * `trade_orders` layout. Every write of a request lands in one group commit, and SQLite writes each
 * page a commit dirtied to the WAL (two write calls per 4 KiB page): the layout keeps that number
 * small. So the client_oids have an index of their own, written in batches (`client-oid-index.ts`),
 * not an index on this table, which every commit would write to in as many places as it has
 * clients. The row id is the engine's order number (`OrderRecord.id`, the number ending
 * `exchange_oid`), which rises with every order, so new rows append, an exchange_oid is found by its
 * number without an index of its own, and no `sqlite_sequence` row is written (no AUTOINCREMENT;
 * rows are never deleted). Open orders are found through a partial index that holds only them, so
 * a cancel removes one entry instead of moving it. `fields` holds the rest of the wire form and,
 * while the order is open, the engine's exact record, in one JSON array (`order-row.ts`).
 */
const ORDERS_SCHEMA = `
CREATE TABLE IF NOT EXISTS trade_orders (
  id INTEGER PRIMARY KEY,
  exchange_oid TEXT NOT NULL,
  account TEXT NOT NULL,
  client_oid TEXT NOT NULL,
  contract TEXT NOT NULL,
  status TEXT NOT NULL,
  active INTEGER NOT NULL,
  fields TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trade_orders_active ON trade_orders (account, id) WHERE active = 1;
`;

/**
 * `trade_fills`: a trade between two users' orders is one exchange_tid and two fills (one per
 * account), so a fill is unique per account and exchange_tid. Rows are never deleted, so a plain
 * INTEGER PRIMARY KEY keeps rising without AUTOINCREMENT's `sqlite_sequence` write.
 */
const FILLS_SCHEMA = `
CREATE TABLE IF NOT EXISTS trade_fills (
  seq INTEGER PRIMARY KEY,
  exchange_tid TEXT NOT NULL,
  account TEXT NOT NULL,
  exchange_oid TEXT NOT NULL,
  contract TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (account, exchange_tid)
);
CREATE INDEX IF NOT EXISTS trade_fills_account ON trade_fills (account, seq);
`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trade_balances (
  account TEXT NOT NULL,
  currency TEXT NOT NULL,
  available REAL NOT NULL,
  frozen REAL NOT NULL,
  PRIMARY KEY (account, currency)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS trade_deposits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount REAL NOT NULL
);
`;

const INSERT_ORDER = `INSERT INTO trade_orders (id, exchange_oid, account, client_oid, contract, status, active, fields)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
/** What changes in an order after it is placed: status and the fields (the rest names it). */
const UPDATE_ORDER = 'UPDATE trade_orders SET status = ?, active = ?, fields = ? WHERE id = ?';
const INSERT_FILL = `INSERT OR IGNORE INTO trade_fills (exchange_tid, account, exchange_oid, contract, data)
  VALUES (?, ?, ?, ?, ?)`;
const UPSERT_BALANCE = `INSERT INTO trade_balances (account, currency, available, frozen) VALUES (?, ?, ?, ?)
  ON CONFLICT (account, currency) DO UPDATE SET available = excluded.available, frozen = excluded.frozen`;
const INSERT_DEPOSIT = 'INSERT INTO trade_deposits (account, currency, amount) VALUES (?, ?, ?)';

/** Events waiting for room on the commit thread: they go together as its next batch. */
interface Queued extends Deferred {
  events: EngineEvent[];
}

const queued = (): Queued => ({ events: [], ...deferred() });

export interface Balance {
  currency: string;
  available: number;
  frozen: number;
}

export interface OrderFilter {
  /** Statuses to include; undefined = the active ones. */
  statuses?: readonly OrderStatus[];
  contract?: string;
  clientOids?: readonly string[];
  exchangeOids?: readonly string[];
  /** Page size (newest first); only applied when given. */
  limit?: number;
  /** Return orders created before this exchange_oid (the last one of the previous page). */
  before?: string;
}

export interface FillFilter {
  contract?: string;
  limit?: number;
  /** Return fills older than this exchange_tid (the last one of the previous page). */
  before?: string;
}

export class TradeStore {
  private readonly clientOids: ClientOidIndex;
  private readonly runDirect: (batch: WriteBatch) => void;
  private readonly joiners: Array<(batch: WriteBatch) => void> = [];
  /** Prepared statements by SQL text: preparing costs more than running these small queries. */
  private readonly statements = new Map<string, Statement>();
  private thread: CommitThread | undefined;
  /** What waits for room on the commit thread (`MAX_IN_FLIGHT` batches in flight already). */
  private waiting: Queued | undefined;
  /** Set while `commit` waits for the thread's batches in flight. */
  private draining = false;

  constructor(private readonly db: Database) {
    rebuildOlderOrders(db);
    db.exec(ORDERS_SCHEMA);
    rebuildOlderFills(db);
    db.exec(FILLS_SCHEMA);
    db.exec(SCHEMA);
    this.clientOids = new ClientOidIndex(db);
    this.runDirect = db.transaction((batch: WriteBatch) => runWriteBatch(db, this.statements, batch));
  }

  /**
   * Adds writes to every commit's transaction (the accepted nonces of the requests being answered,
   * so a trade and the nonce that authorised it land together: one commit per request).
   */
  joinCommits(write: (batch: WriteBatch) => void): void {
    this.joiners.push(write);
  }

  /**
   * Commits from now on through `thread` (`commitSoon`), or again on the main connection when
   * undefined (after the thread's batches in flight are committed).
   */
  useCommitThread(thread: CommitThread | undefined): void {
    this.waitForThread();
    this.thread = thread;
    if (thread === undefined && this.waiting !== undefined) this.commit([]);
  }

  /** Blocks until the commit thread's batches in flight are committed (what waits stays waiting: the caller takes it). */
  private waitForThread(): void {
    if (this.thread === undefined) return;
    this.draining = true;
    try {
      this.thread.waitIdle();
    } finally {
      this.draining = false;
    }
  }

  /**
   * Writes events in a single transaction on the main connection, now; the joiners' writes and
   * whatever waits for the commit thread go in the same transaction, after the thread's batches in
   * flight are committed. Trades (public prints) are not stored here.
   */
  commit(events: readonly EngineEvent[]): void {
    this.waitForThread();
    const waiting = this.waiting;
    this.waiting = undefined;
    const { batch, committed } = this.batchOf(waiting ? [...waiting.events, ...events] : events);
    try {
      if (batch.size > 0) this.runDirect(batch);
    } catch (err) {
      waiting?.reject(err as Error);
      throw err;
    }
    committed?.();
    waiting?.resolve();
  }

  /**
   * Writes events (with the joiners' writes) in a single transaction: on the commit thread when there
   * is one, returning a promise of the commit (events given while it has `MAX_IN_FLIGHT` batches go together
   * as its next batch); otherwise now, on the main connection, returning undefined (a failure throws).
   * A failed commit on the thread rejects, and the process is stopped: the engine moved on but the
   * disk did not, and a restart brings back the committed state.
   */
  commitSoon(events: readonly EngineEvent[]): Promise<void> | undefined {
    const thread = this.thread;
    if (thread === undefined) {
      this.commit(events);
      return undefined;
    }
    let waiting = this.waiting;
    if (waiting === undefined) {
      waiting = queued();
      this.waiting = waiting;
    }
    for (const event of events) if (event.kind !== 'trade') waiting.events.push(event);
    if (thread.inFlightCount < MAX_IN_FLIGHT) this.sendWaiting(thread);
    return waiting.promise;
  }

  /** Whether writes given to `commitSoon` are not committed yet. */
  get committing(): boolean {
    return this.waiting !== undefined || (this.thread !== undefined && this.thread.inFlightCount > 0);
  }

  /** Hands what waits to the thread as one batch; once committed, sends what waited meanwhile. */
  private sendWaiting(thread: CommitThread): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    const { batch, committed } = this.batchOf(waiting.events);
    if (batch.size === 0) {
      waiting.resolve();
      return;
    }
    thread.send(batch, (error) => {
      if (error !== undefined) {
        const failure = new Error(`the trade store failed: ${error.message}`);
        waiting.reject(failure);
        process.nextTick(() => {
          throw failure;
        });
        return;
      }
      committed?.();
      waiting.resolve();
      // Not while `commit` waits for this batch: that commit takes what waits itself.
      if (!this.draining && this.thread === thread && thread.inFlightCount < MAX_IN_FLIGHT)
        this.sendWaiting(thread);
    });
  }

  /**
   * One transaction's writes: the events (folded to the latest state of each), the joiners', and a
   * batch of the client_oid index when one is due; `committed` is to be called once it is committed.
   */
  private batchOf(events: readonly EngineEvent[]): { batch: WriteBatch; committed?: () => void } {
    const batch = new WriteBatch();
    if (events.some((e) => e.kind !== 'trade'))
      for (const event of latestOnly(events)) this.write(event, batch);
    for (const join of this.joiners) join(batch);
    return { batch, committed: this.clientOids.appendWrites(batch) };
  }

  /** Runs `fn` inside one transaction (nested calls join it). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  orders(account: string, filter: OrderFilter = {}): Order[] {
    const where = ['account = ?'];
    const args: unknown[] = [account];
    if (filter.statuses === undefined) where.push('active = 1');
    else if (filter.statuses.length >= ORDER_STATUSES.length) {
      // every status: no filter
    } else {
      if (filter.statuses.length === 0) return [];
      where.push(`status IN (${filter.statuses.map(() => '?').join(',')})`);
      args.push(...filter.statuses);
    }
    if (filter.contract !== undefined) {
      where.push('contract = ?');
      args.push(filter.contract);
    }
    if (filter.clientOids) {
      // Found by their order ids (`client-oid-index.ts`): this table has no index of client_oids.
      const ids = filter.clientOids
        .map((clientOid) => this.clientOids.idOf(account, clientOid))
        .filter((id) => id !== undefined);
      if (ids.length === 0) return [];
      where.push(`id IN (${ids.map(() => '?').join(',')})`);
      args.push(...ids);
    }
    if (filter.exchangeOids) {
      // Found by their numbers (the row ids); the text must match too (`sim/eth.usdt-7` is not `sim/btc.usdt-7`).
      const ids = filter.exchangeOids.map(orderIdOf).filter((id) => id !== undefined);
      if (ids.length === 0) return [];
      where.push(`id IN (${ids.map(() => '?').join(',')})`);
      args.push(...ids);
      where.push(`exchange_oid IN (${filter.exchangeOids.map(() => '?').join(',')})`);
      args.push(...filter.exchangeOids);
    }
    if (filter.before !== undefined) {
      const id = orderIdOf(filter.before);
      if (id === undefined) return [];
      where.push('id < (SELECT id FROM trade_orders WHERE id = ? AND exchange_oid = ?)');
      args.push(id, filter.before);
    }
    let sql = `SELECT ${ORDER_ROW} FROM trade_orders WHERE ${where.join(' AND ')}`;
    if (filter.limit !== undefined) {
      sql += ' ORDER BY id DESC LIMIT ?';
      args.push(filter.limit);
    } else sql += ' ORDER BY id';
    return (this.prepared(sql).all(...args) as OrderRow[]).map(orderOfRow);
  }

  /** Whether the account has ever had an order with this client_oid (written, or handed to a commit). */
  hasClientOid(account: string, clientOid: string): boolean {
    return this.clientOids.has(account, clientOid);
  }

  orderByClientOid(account: string, clientOid: string): Order | undefined {
    const id = this.clientOids.idOf(account, clientOid);
    if (id === undefined) return undefined;
    const row = this.prepared(`SELECT ${ORDER_ROW} FROM trade_orders WHERE id = ? AND account = ?`).get(
      id,
      account,
    ) as OrderRow | undefined;
    return row === undefined ? undefined : orderOfRow(row);
  }

  orderByExchangeOid(account: string, exchangeOid: string): Order | undefined {
    const id = orderIdOf(exchangeOid);
    if (id === undefined) return undefined;
    const row = this.prepared(
      `SELECT ${ORDER_ROW} FROM trade_orders WHERE id = ? AND account = ? AND exchange_oid = ?`,
    ).get(id, account, exchangeOid) as OrderRow | undefined;
    return row === undefined ? undefined : orderOfRow(row);
  }

  countOpenOrders(account: string): number {
    return this.prepared('SELECT count(*) FROM trade_orders WHERE account = ? AND active = 1')
      .pluck()
      .get(account) as number;
  }

  /** Every active order of every account, oldest first (what a restarted engine must rest again). */
  allOpenOrders(): Order[] {
    return (this.prepared(`SELECT ${ORDER_ROW} FROM ${OPEN_ORDERS} ORDER BY id`).all() as OrderRow[]).map(
      orderOfRow,
    );
  }

  fills(account: string, filter: FillFilter = {}): DealtTrans[] {
    const where = ['account = ?'];
    const args: unknown[] = [account];
    if (filter.contract !== undefined) {
      where.push('contract = ?');
      args.push(filter.contract);
    }
    if (filter.before !== undefined) {
      where.push('seq < (SELECT seq FROM trade_fills WHERE account = ? AND exchange_tid = ?)');
      args.push(account, filter.before);
    }
    args.push(filter.limit ?? -1);
    const sql = `SELECT data FROM trade_fills WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`;
    return (
      this.prepared(sql)
        .pluck()
        .all(...args) as string[]
    ).map((d) => JSON.parse(d) as DealtTrans);
  }

  balances(account: string): Balance[] {
    return this.prepared(
      'SELECT currency, available, frozen FROM trade_balances WHERE account = ? ORDER BY currency',
    ).all(account) as Balance[];
  }

  allBalances(): Array<Balance & { account: string }> {
    return this.prepared(
      'SELECT account, currency, available, frozen FROM trade_balances ORDER BY account, currency',
    ).all() as Array<Balance & { account: string }>;
  }

  /**
   * Where the engine's counters resume: the order id after the newest order's (the row ids are the
   * engine's order numbers). The journal below supplies everything else:
   * `Engine.restore(config, store.restorePoint(), store.journal(), sink)`.
   */
  restorePoint(): EngineSnapshot {
    const newest = this.prepared('SELECT max(id) FROM trade_orders').pluck().get() as number | null;
    return {
      format: 1,
      seq: 0,
      nextOrderId: (newest ?? 0) + 1,
      nextTradeId: 1,
      nextPriority: 1,
      balances: {},
      orders: [],
      fills: [],
      lastTicks: {},
    };
  }

  /**
   * The engine's journal, folded (see the top of this file): every balance, every open order's
   * record, and the latest fill of each contract (so trade ids continue and the last price is
   * known).
   */
  *journal(): Generator<EngineEvent> {
    for (const b of this.allBalances()) yield { kind: 'balance', ...b };
    const open = this.prepared(`SELECT id, ${ORDER_ROW} FROM ${OPEN_ORDERS} ORDER BY id`);
    for (const row of open.iterate() as Iterable<OrderRow & { id: number }>) {
      const record = decodeRecord(row.id, row, row.fields);
      // An open order without its record (written before records were kept) cannot be restored.
      if (record !== undefined) yield { kind: 'order', record } as EngineEvent;
    }
    const fills = this.prepared(
      'SELECT data FROM trade_fills WHERE seq IN (SELECT max(seq) FROM trade_fills GROUP BY contract) ORDER BY seq',
    ).pluck();
    for (const text of fills.all() as string[]) yield { kind: 'fill', fill: JSON.parse(text) as DealtTrans };
  }

  /** Deposits of an account, in order (for `accounts list` and the durability check). */
  deposits(account: string): Array<{ currency: string; amount: number }> {
    return this.prepared('SELECT currency, amount FROM trade_deposits WHERE account = ? ORDER BY seq').all(
      account,
    ) as Array<{ currency: string; amount: number }>;
  }

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private write(event: EngineEvent, batch: WriteBatch): void {
    switch (event.kind) {
      case 'order': {
        const o = event.order;
        const record = event.record;
        const active = isActiveStatus(o.status);
        // Restore needs the exact record of open orders only: a finished order keeps its wire form.
        const fields = encodeFields(o, active ? record : undefined);
        // Positional parameters: binding by name costs a property lookup per column on every write.
        if (this.clientOids.noteOrder(o.account, o.client_oid, record.id))
          batch.add(INSERT_ORDER, [
            record.id,
            o.exchange_oid,
            o.account,
            o.client_oid,
            o.contract,
            o.status,
            active ? 1 : 0,
            fields,
          ]);
        else batch.add(UPDATE_ORDER, [o.status, active ? 1 : 0, fields, record.id]);
        return;
      }
      case 'fill': {
        const f = event.fill;
        batch.add(INSERT_FILL, [f.exchange_tid, f.account, f.exchange_oid, f.contract, JSON.stringify(f)]);
        return;
      }
      case 'balance':
        batch.add(UPSERT_BALANCE, [event.account, event.currency, event.available, event.frozen]);
        return;
      case 'trade':
        return;
      case 'command':
        if (event.command.kind === 'deposit') {
          const { account, currency, amount } = event.command;
          batch.add(INSERT_DEPOSIT, [account, currency, amount]);
        }
        return;
    }
  }
}

/**
 * Data directories of development builds hold `trade_orders` in its first layout (an AUTOINCREMENT
 * `seq`, a unique exchange_oid, and the whole record as JSON in `record`). No schema has shipped, so
 * the table is rebuilt in the current layout at start, in one transaction: the rows keep their
 * order (both layouts rise with the engine's order numbers), an open order keeps its record's
 * engine fields (an open order without a record, from before that column, stays unrestorable, as
 * it was).
 */
function rebuildOlderOrders(db: Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('trade_orders')").pluck().all() as string[];
  if (!columns.includes('seq')) return;
  const hasRecord = columns.includes('record');
  db.transaction(() => {
    db.exec('ALTER TABLE trade_orders RENAME TO trade_orders_first_layout');
    // Its index moved with the table, under its old name; the new layout's names are its own.
    db.exec('DROP INDEX IF EXISTS trade_orders_open');
    db.exec(ORDERS_SCHEMA);
    const insert = db.prepare(
      `INSERT INTO trade_orders (id, exchange_oid, account, client_oid, contract, status, active, fields)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rows = db
      .prepare(
        `SELECT exchange_oid, account, client_oid, contract, status, active, data, ${hasRecord ? 'record' : "'null'"}
         FROM trade_orders_first_layout ORDER BY seq`,
      )
      .raw()
      .all() as Array<[string, string, string, string, string, number, string, string]>;
    for (const [exchangeOid, account, clientOid, contract, status, active, data, recordText] of rows) {
      const id = orderIdOf(exchangeOid);
      if (id === undefined)
        throw new Error(`cannot convert trade_orders: ${exchangeOid} does not end in an engine order number`);
      const record = recordText === 'null' ? undefined : (JSON.parse(recordText) as OrderRecord);
      const fields = encodeFields(JSON.parse(data) as Order, active === 1 ? record : undefined);
      insert.run(id, exchangeOid, account, clientOid, contract, status, active, fields);
    }
    db.exec('DROP TABLE trade_orders_first_layout');
  })();
}

/**
 * The first `trade_fills` layout (development builds) had an AUTOINCREMENT `seq` and a unique
 * exchange_tid, which kept only one side of a trade between two users. The table is rebuilt in the
 * current layout at start, in one transaction, with its rows and their order (a side already lost
 * stays lost).
 */
function rebuildOlderFills(db: Database): void {
  const sql = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'trade_fills'")
    .pluck()
    .get() as string | undefined;
  if (sql === undefined || !sql.includes('AUTOINCREMENT')) return;
  db.transaction(() => {
    db.exec('ALTER TABLE trade_fills RENAME TO trade_fills_first_layout');
    db.exec('DROP INDEX IF EXISTS trade_fills_account');
    db.exec(FILLS_SCHEMA);
    db.exec(
      `INSERT INTO trade_fills (seq, exchange_tid, account, exchange_oid, contract, data)
       SELECT seq, exchange_tid, account, exchange_oid, contract, data FROM trade_fills_first_layout ORDER BY seq`,
    );
    db.exec('DROP TABLE trade_fills_first_layout');
  })();
}

/**
 * The events of a batch with only the last state of each order and each balance kept: a group of
 * twenty requests on one account changes its usdt balance twenty times, and only the last value is
 * written (the engine's journal folds the same way). Fills and commands are all kept.
 */
function latestOnly(events: readonly EngineEvent[]): EngineEvent[] {
  if (events.length < 3) return events as EngineEvent[];
  // Keys are built once per event (each commit folds every event of its group).
  const keys: Array<string | undefined> = new Array(events.length);
  const last = new Map<string, EngineEvent>();
  for (let i = 0; i < events.length; i++) {
    const key = foldKeyOf(events[i]);
    keys[i] = key;
    if (key !== undefined) last.set(key, events[i]);
  }
  // Each order is written where it first appeared (new rows keep the engine's id order), with its
  // last state.
  const out: EngineEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const key = keys[i];
    if (key === undefined) out.push(events[i]);
    else {
      const latest = last.get(key);
      if (latest !== undefined) {
        out.push(latest);
        last.delete(key);
      }
    }
  }
  return out;
}

/** What a later event of the same thing replaces: an order (by its exchange_oid) or a balance. */
function foldKeyOf(e: EngineEvent): string | undefined {
  if (e.kind === 'order') return e.order.exchange_oid;
  if (e.kind === 'balance') return `${e.account}\0${e.currency}`;
  return undefined;
}
