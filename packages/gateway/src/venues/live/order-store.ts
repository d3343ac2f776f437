/**
 * What the gateway knows of live orders, in the embedded store: the intent written before the
 * exchange is called, the client_oid ↔ exchange client id mapping, the last known state of each
 * order, and fills. The exchange stays the truth; reconciliation (reconcile.ts) brings this store
 * back in line with it after a reconnect or a restart.
 */
import type { DealtTrans, Order } from '@ots/protocol';
import { isActiveStatus } from '@ots/protocol';
import type { Database } from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS live_orders (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  client_oid TEXT NOT NULL,
  exchange_client_id TEXT NOT NULL,
  contract TEXT NOT NULL,
  exchange_oid TEXT,
  status TEXT NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (account, client_oid),
  UNIQUE (account, exchange_client_id)
);
CREATE INDEX IF NOT EXISTS live_orders_active ON live_orders (account, active, seq);
CREATE UNIQUE INDEX IF NOT EXISTS live_orders_exchange_oid ON live_orders (account, exchange_oid);
CREATE TABLE IF NOT EXISTS live_fills (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  exchange_tid TEXT NOT NULL,
  contract TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (account, exchange_tid)
);
`;

export interface StoredOrder {
  order: Order;
  exchangeClientId: string;
}

export interface LiveOrderFilter {
  statuses?: readonly string[];
  contract?: string;
  clientOids?: readonly string[];
  exchangeOids?: readonly string[];
  limit?: number;
  /** A `seq` cursor from a previous page (newest first). */
  before?: string;
}

interface Row {
  seq: number;
  exchange_client_id: string;
  data: string;
}

export class LiveOrderStore {
  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
  }

  /** Records an order before the exchange is called; false when the client_oid (or its id) is taken. */
  writeIntent(order: Order, exchangeClientId: string): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO live_orders (account, client_oid, exchange_client_id, contract, exchange_oid, status, active, data)
         VALUES (?, ?, ?, ?, NULL, ?, 1, ?)`,
      )
      .run(
        order.account,
        order.client_oid,
        exchangeClientId,
        order.contract,
        order.status,
        JSON.stringify(order),
      );
    return result.changes === 1;
  }

  /** Saves the latest state of an order (found by its client_oid). */
  save(order: Order, exchangeClientId?: string): void {
    this.db
      .prepare(
        `UPDATE live_orders SET exchange_oid = ?, status = ?, active = ?, data = ?,
           exchange_client_id = COALESCE(?, exchange_client_id)
         WHERE account = ? AND client_oid = ?`,
      )
      .run(
        order.exchange_oid || null,
        order.status,
        isActiveStatus(order.status) ? 1 : 0,
        JSON.stringify(order),
        exchangeClientId ?? null,
        order.account,
        order.client_oid,
      );
  }

  /** Adds an order the exchange has and we had no intent for (placed elsewhere, or lost). */
  adopt(order: Order, exchangeClientId: string): void {
    if (!this.writeIntent(order, exchangeClientId)) return;
    this.save(order);
  }

  byClientOid(account: string, clientOid: string): StoredOrder | undefined {
    return this.one('SELECT * FROM live_orders WHERE account = ? AND client_oid = ?', account, clientOid);
  }

  byExchangeOid(account: string, exchangeOid: string): StoredOrder | undefined {
    return this.one('SELECT * FROM live_orders WHERE account = ? AND exchange_oid = ?', account, exchangeOid);
  }

  byExchangeClientId(account: string, id: string): StoredOrder | undefined {
    return this.one('SELECT * FROM live_orders WHERE account = ? AND exchange_client_id = ?', account, id);
  }

  /** Orders still active here (intents included): the ones reconciliation checks. */
  active(account: string): StoredOrder[] {
    return this.db
      .prepare<[string], Row>('SELECT * FROM live_orders WHERE account = ? AND active = 1 ORDER BY seq')
      .all(account)
      .map(stored);
  }

  /** Accounts with active orders (for reconciliation after a restart). */
  accountsWithActiveOrders(): string[] {
    return this.db
      .prepare<[], { account: string }>('SELECT DISTINCT account FROM live_orders WHERE active = 1')
      .all()
      .map((r) => r.account);
  }

  orders(account: string, filter: LiveOrderFilter = {}): Order[] {
    const where = ['account = ?', "exchange_oid IS NOT NULL OR status = 'error-order'"];
    const args: unknown[] = [account];
    where[1] = `(${where[1]})`;
    if (filter.statuses) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(',') || "''"})`);
      args.push(...filter.statuses);
    }
    if (filter.contract) {
      where.push('contract = ?');
      args.push(filter.contract);
    }
    if (filter.clientOids) {
      where.push(`client_oid IN (${filter.clientOids.map(() => '?').join(',') || "''"})`);
      args.push(...filter.clientOids);
    }
    if (filter.exchangeOids) {
      where.push(`exchange_oid IN (${filter.exchangeOids.map(() => '?').join(',') || "''"})`);
      args.push(...filter.exchangeOids);
    }
    if (filter.before) {
      where.push('seq < ?');
      args.push(Number(filter.before));
    }
    const sql = `SELECT * FROM live_orders WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`;
    args.push(filter.limit ?? 500);
    return this.db
      .prepare<unknown[], Row>(sql)
      .all(...args)
      .map((r) => stored(r).order);
  }

  /** Adds fills not seen before; returns the new ones. */
  addFills(fills: readonly DealtTrans[]): DealtTrans[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO live_fills (account, exchange_tid, contract, data) VALUES (?, ?, ?, ?)',
    );
    const added: DealtTrans[] = [];
    this.db.transaction(() => {
      for (const fill of fills) {
        if (insert.run(fill.account, fill.exchange_tid, fill.contract, JSON.stringify(fill)).changes === 1) {
          added.push(fill);
        }
      }
    })();
    return added;
  }

  fills(account: string, filter: { contract?: string; limit?: number; before?: string } = {}): DealtTrans[] {
    const where = ['account = ?'];
    const args: unknown[] = [account];
    if (filter.contract) {
      where.push('contract = ?');
      args.push(filter.contract);
    }
    if (filter.before) {
      where.push('seq < ?');
      args.push(Number(filter.before));
    }
    args.push(filter.limit ?? 500);
    return this.db
      .prepare<unknown[], { data: string }>(
        `SELECT data FROM live_fills WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...args)
      .map((r) => JSON.parse(r.data) as DealtTrans);
  }

  private one(sql: string, ...args: unknown[]): StoredOrder | undefined {
    const row = this.db.prepare<unknown[], Row>(sql).get(...args);
    return row ? stored(row) : undefined;
  }
}

function stored(row: Row): StoredOrder {
  return { order: JSON.parse(row.data) as Order, exchangeClientId: row.exchange_client_id };
}
