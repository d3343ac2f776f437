/**
 * Public trades (zhubi) in SQLite, for `/quote/zhubi`. `MarketHistory` batches the writes; this
 * module owns the table and its queries.
 */
import type { Side } from '@ots/protocol';
import type { Db } from './db.js';

/** One stored trade. Times are integer epoch microseconds. */
export interface TradeRecord {
  contract: string;
  timeUs: number;
  exchangeTimeUs: number | null;
  price: number;
  amount: number;
  bs: Side;
}

export interface TradeQuery {
  contract: string;
  sinceUs?: number;
  untilUs?: number;
  size: number;
}

export class TradeStore {
  private readonly insertOne;
  private readonly selectFrom;
  private readonly selectLatest;
  private readonly deleteBefore;

  constructor(db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS trades (
        id INTEGER PRIMARY KEY,
        contract TEXT NOT NULL,
        time_us INTEGER NOT NULL,
        exchange_time_us INTEGER,
        price REAL NOT NULL,
        amount REAL NOT NULL,
        bs TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS trades_contract_time ON trades (contract, time_us);
      CREATE INDEX IF NOT EXISTS trades_time ON trades (time_us);
    `);
    this.insertOne = db.prepare(
      'INSERT INTO trades (contract, time_us, exchange_time_us, price, amount, bs) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectFrom = db.prepare(
      `SELECT contract, time_us AS timeUs, exchange_time_us AS exchangeTimeUs, price, amount, bs FROM trades
       WHERE contract = ? AND time_us >= ? AND time_us < ? ORDER BY time_us, id LIMIT ?`,
    );
    this.selectLatest = db.prepare(
      `SELECT contract, time_us AS timeUs, exchange_time_us AS exchangeTimeUs, price, amount, bs FROM trades
       WHERE contract = ? AND time_us >= ? AND time_us < ? ORDER BY time_us DESC, id DESC LIMIT ?`,
    );
    this.deleteBefore = db.prepare('DELETE FROM trades WHERE time_us < ?');
  }

  /** Inserts trades; the caller wraps this in a transaction. */
  insert(records: readonly TradeRecord[]): void {
    for (const r of records)
      this.insertOne.run(r.contract, r.timeUs, r.exchangeTimeUs, r.price, r.amount, r.bs);
  }

  /**
   * Trades of one contract in `[sinceUs, untilUs)`, oldest first. With `sinceUs` the first `size`
   * trades from it; without, the latest `size` trades before `untilUs` (the recent history).
   */
  query(q: TradeQuery): TradeRecord[] {
    const until = q.untilUs ?? Number.MAX_SAFE_INTEGER;
    if (q.sinceUs !== undefined)
      return this.selectFrom.all(q.contract, q.sinceUs, until, q.size) as TradeRecord[];
    return (this.selectLatest.all(q.contract, 0, until, q.size) as TradeRecord[]).reverse();
  }

  /** Deletes trades older than `beforeUs`; returns how many. */
  prune(beforeUs: number): number {
    return this.deleteBefore.run(beforeUs).changes;
  }
}
