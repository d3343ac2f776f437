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
import { ClientOidFilter } from './client-oid-filter.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trade_orders (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  exchange_oid TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  client_oid TEXT NOT NULL,
  contract TEXT NOT NULL,
  status TEXT NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (account, client_oid)
);
CREATE INDEX IF NOT EXISTS trade_orders_open ON trade_orders (account, active, seq);
CREATE TABLE IF NOT EXISTS trade_fills (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  exchange_tid TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  exchange_oid TEXT NOT NULL,
  contract TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trade_fills_account ON trade_fills (account, seq);
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
  private readonly upsertOrder: Statement;
  private readonly insertFill: Statement;
  private readonly upsertBalance: Statement;
  private readonly insertDeposit: Statement;
  private readonly clientOidExists: Statement;
  /** Answers most client_oid checks (a new client_oid) without a query. */
  private readonly clientOidFilter: ClientOidFilter;
  private readonly commitBatch: (events: readonly EngineEvent[]) => void;
  private readonly joiners: Array<() => void> = [];
  /** Prepared statements by SQL text: preparing costs more than running these small queries. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    // Data directories from before the record column (development builds): add it.
    const columns = db
      .prepare("SELECT name FROM pragma_table_info('trade_orders')")
      .pluck()
      .all() as string[];
    if (!columns.includes('record'))
      db.exec("ALTER TABLE trade_orders ADD COLUMN record TEXT NOT NULL DEFAULT 'null'");
    this.upsertOrder = db.prepare(
      `INSERT INTO trade_orders (exchange_oid, account, client_oid, contract, status, active, data, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (exchange_oid) DO UPDATE SET status = excluded.status, active = excluded.active,
         data = excluded.data, record = excluded.record`,
    );
    this.insertFill = db.prepare(
      `INSERT OR IGNORE INTO trade_fills (exchange_tid, account, exchange_oid, contract, data)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.upsertBalance = db.prepare(
      `INSERT INTO trade_balances (account, currency, available, frozen) VALUES (?, ?, ?, ?)
       ON CONFLICT (account, currency) DO UPDATE SET available = excluded.available, frozen = excluded.frozen`,
    );
    this.insertDeposit = db.prepare(
      'INSERT INTO trade_deposits (account, currency, amount) VALUES (?, ?, ?)',
    );
    // On every place: kept prepared, plucking, rather than found by its text each time.
    this.clientOidExists = db
      .prepare('SELECT 1 FROM trade_orders WHERE account = ? AND client_oid = ?')
      .pluck();
    const allClientOids = db.prepare('SELECT account, client_oid FROM trade_orders').raw();
    this.clientOidFilter = new ClientOidFilter(() => allClientOids.iterate() as Iterable<[string, string]>);
    this.commitBatch = db.transaction((events: readonly EngineEvent[]) => {
      for (const event of latestOnly(events)) this.write(event);
      for (const join of this.joiners) join();
    });
  }

  /**
   * Adds writes to every commit's transaction (the accepted nonces of the requests being answered,
   * so a trade and the nonce that authorised it land together: one commit per request).
   */
  joinCommits(write: () => void): void {
    this.joiners.push(write);
  }

  /** Writes one engine call's events in a single transaction. Trades (public prints) are not stored here. */
  commit(events: readonly EngineEvent[]): void {
    if (events.some((e) => e.kind !== 'trade')) this.commitBatch(events);
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
      where.push(`client_oid IN (${filter.clientOids.map(() => '?').join(',')})`);
      args.push(...filter.clientOids);
    }
    if (filter.exchangeOids) {
      where.push(`exchange_oid IN (${filter.exchangeOids.map(() => '?').join(',')})`);
      args.push(...filter.exchangeOids);
    }
    if (filter.before !== undefined) {
      where.push('seq < (SELECT seq FROM trade_orders WHERE exchange_oid = ?)');
      args.push(filter.before);
    }
    let sql = `SELECT data FROM trade_orders WHERE ${where.join(' AND ')}`;
    if (filter.limit !== undefined) {
      sql += ' ORDER BY seq DESC LIMIT ?';
      args.push(filter.limit);
    } else sql += ' ORDER BY seq';
    return (
      this.prepared(sql)
        .pluck()
        .all(...args) as string[]
    ).map((d) => JSON.parse(d) as Order);
  }

  /** Whether the account has ever had an order with this client_oid (answered from the index alone). */
  hasClientOid(account: string, clientOid: string): boolean {
    if (!this.clientOidFilter.mayHave(account, clientOid)) return false;
    return this.clientOidExists.get(account, clientOid) !== undefined;
  }

  orderByClientOid(account: string, clientOid: string): Order | undefined {
    const data = this.prepared('SELECT data FROM trade_orders WHERE account = ? AND client_oid = ?')
      .pluck()
      .get(account, clientOid) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as Order);
  }

  orderByExchangeOid(account: string, exchangeOid: string): Order | undefined {
    const data = this.prepared('SELECT data FROM trade_orders WHERE account = ? AND exchange_oid = ?')
      .pluck()
      .get(account, exchangeOid) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as Order);
  }

  countOpenOrders(account: string): number {
    return this.prepared('SELECT count(*) FROM trade_orders WHERE account = ? AND active = 1')
      .pluck()
      .get(account) as number;
  }

  /** Every active order of every account, oldest first (what a restarted engine must rest again). */
  allOpenOrders(): Order[] {
    return (
      this.prepared('SELECT data FROM trade_orders WHERE active = 1 ORDER BY seq').pluck().all() as string[]
    ).map((d) => JSON.parse(d) as Order);
  }

  fills(account: string, filter: FillFilter = {}): DealtTrans[] {
    const where = ['account = ?'];
    const args: unknown[] = [account];
    if (filter.contract !== undefined) {
      where.push('contract = ?');
      args.push(filter.contract);
    }
    if (filter.before !== undefined) {
      where.push('seq < (SELECT seq FROM trade_fills WHERE exchange_tid = ?)');
      args.push(filter.before);
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
   * Where the engine's counters resume: the order id after the newest order's (rows are inserted
   * in the engine's id order). The journal below supplies everything else:
   * `Engine.restore(config, store.restorePoint(), store.journal(), sink)`.
   */
  restorePoint(): EngineSnapshot {
    const newest = this.prepared('SELECT exchange_oid FROM trade_orders ORDER BY seq DESC LIMIT 1')
      .pluck()
      .get() as string | undefined;
    const id = newest === undefined ? 0 : Number(newest.slice(newest.lastIndexOf('-') + 1));
    return {
      format: 1,
      seq: 0,
      nextOrderId: Number.isSafeInteger(id) ? id + 1 : 1,
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
    const records = this.prepared('SELECT record FROM trade_orders WHERE active = 1 ORDER BY seq').pluck();
    for (const text of records.iterate()) {
      if (text === 'null') continue;
      yield { kind: 'order', record: JSON.parse(text as string) as OrderRecord } as EngineEvent;
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

  private write(event: EngineEvent): void {
    switch (event.kind) {
      case 'order': {
        const o = event.order;
        const active = isActiveStatus(o.status);
        // Positional parameters: binding by name costs a property lookup per column on every write.
        this.upsertOrder.run(
          o.exchange_oid,
          o.account,
          o.client_oid,
          o.contract,
          o.status,
          active ? 1 : 0,
          JSON.stringify(o),
          // Restore needs the exact record of open orders only: a finished order keeps its wire form.
          active ? JSON.stringify(event.record) : 'null',
        );
        if (!this.clientOidFilter.mayHave(o.account, o.client_oid))
          this.clientOidFilter.add(o.account, o.client_oid);
        return;
      }
      case 'fill': {
        const f = event.fill;
        this.insertFill.run(f.exchange_tid, f.account, f.exchange_oid, f.contract, JSON.stringify(f));
        return;
      }
      case 'balance':
        this.upsertBalance.run(event.account, event.currency, event.available, event.frozen);
        return;
      case 'trade':
        return;
      case 'command':
        if (event.command.kind === 'deposit') {
          const { account, currency, amount } = event.command;
          this.insertDeposit.run(account, currency, amount);
        }
        return;
    }
  }
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
