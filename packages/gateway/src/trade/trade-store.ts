/**
 * The trade store: orders, fills, balances and the engine's command journal in SQLite.
 *
 * `commit(events)` writes everything one engine call produced in ONE transaction; the trade service
 * calls it before it answers, and the sim venue's market timer calls it before anything is pushed.
 * With WAL and `synchronous=NORMAL` a committed transaction survives a killed process, so an
 * acknowledged order is always on disk and an order on disk has its balances beside it.
 *
 * `trade_events` is the engine's journal: every event but public trades, in order, as the engine's
 * restore contract asks. The other tables are the same facts indexed for the API.
 *
 * Queries for the REST API read from here (not from the engine), which keeps ended orders and old
 * fills pageable however long the engine has forgotten them.
 */

import type { EngineEvent, EngineSnapshot } from '@ots/engine';
import type { DealtTrans, Order, OrderStatus } from '@ots/protocol';
import { isActiveStatus, ORDER_STATUSES } from '@ots/protocol';
import type { Database, Statement } from 'better-sqlite3';

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
CREATE TABLE IF NOT EXISTS trade_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  snapshot TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trade_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  event TEXT NOT NULL
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
  private readonly insertEvent: Statement;
  private readonly insertDeposit: Statement;
  private readonly commitBatch: (events: readonly EngineEvent[]) => void;
  private readonly joiners: Array<() => void> = [];
  /** Prepared statements by SQL text: preparing costs more than running these small queries. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    this.upsertOrder = db.prepare(
      `INSERT INTO trade_orders (exchange_oid, account, client_oid, contract, status, active, data)
       VALUES (@exchange_oid, @account, @client_oid, @contract, @status, @active, @data)
       ON CONFLICT (exchange_oid) DO UPDATE SET status = excluded.status, active = excluded.active,
         data = excluded.data`,
    );
    this.insertFill = db.prepare(
      `INSERT OR IGNORE INTO trade_fills (exchange_tid, account, exchange_oid, contract, data)
       VALUES (@exchange_tid, @account, @exchange_oid, @contract, @data)`,
    );
    this.upsertBalance = db.prepare(
      `INSERT INTO trade_balances (account, currency, available, frozen) VALUES (?, ?, ?, ?)
       ON CONFLICT (account, currency) DO UPDATE SET available = excluded.available, frozen = excluded.frozen`,
    );
    this.insertDeposit = db.prepare(
      'INSERT INTO trade_deposits (account, currency, amount) VALUES (?, ?, ?)',
    );
    this.insertEvent = db.prepare('INSERT INTO trade_events (kind, event) VALUES (?, ?)');
    this.commitBatch = db.transaction((events: readonly EngineEvent[]) => {
      for (const event of events) this.write(event);
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

  /** The engine's journal in order, as plain JSON events (what `Engine.restore` replays). */
  *journal(): Generator<EngineEvent> {
    for (const text of this.prepared('SELECT event FROM trade_events ORDER BY seq').pluck().iterate()) {
      yield JSON.parse(text as string) as EngineEvent;
    }
  }

  /** The engine snapshot the journal starts from (null before the first compaction). */
  snapshot(): EngineSnapshot | null {
    const text = this.prepared('SELECT snapshot FROM trade_snapshot WHERE id = 1').pluck().get() as
      | string
      | undefined;
    return text === undefined ? null : (JSON.parse(text) as EngineSnapshot);
  }

  /**
   * Replaces snapshot + journal by a newer snapshot of the same state, in one transaction, so the
   * journal does not grow forever (done at start, right after the engine is restored).
   */
  compact(snapshot: EngineSnapshot): void {
    this.transaction(() => {
      this.prepared(
        'INSERT INTO trade_snapshot (id, snapshot) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot',
      ).run(JSON.stringify(snapshot));
      this.prepared('DELETE FROM trade_events').run();
    });
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
    if (event.kind === 'trade') return;
    // An order event is journaled as its exact record only (all that restore reads); the wire order
    // goes to trade_orders below, so it is serialised once.
    this.insertEvent.run(
      event.kind,
      JSON.stringify(event.kind === 'order' ? { kind: 'order', record: event.record } : event),
    );
    switch (event.kind) {
      case 'order': {
        const o = event.order;
        this.upsertOrder.run({
          exchange_oid: o.exchange_oid,
          account: o.account,
          client_oid: o.client_oid,
          contract: o.contract,
          status: o.status,
          active: isActiveStatus(o.status) ? 1 : 0,
          data: JSON.stringify(o),
        });
        return;
      }
      case 'fill': {
        const f = event.fill;
        this.insertFill.run({
          exchange_tid: f.exchange_tid,
          account: f.account,
          exchange_oid: f.exchange_oid,
          contract: f.contract,
          data: JSON.stringify(f),
        });
        return;
      }
      case 'balance':
        this.upsertBalance.run(event.account, event.currency, event.available, event.frozen);
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
