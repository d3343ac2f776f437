/**
 * One-minute candles in SQLite, kept up to date from trades as they are flushed; every longer
 * duration is aggregated from them on read. Turnover (`amount`) is stored already valued in CNY.
 */
import type { Db } from './db.js';

/** A candle row: `startS` is the bucket's start in epoch seconds. */
export interface CandleRow {
  startS: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  amount: number;
}

/** One trade as a candle sees it: time, price, quantity and CNY turnover. */
export interface CandleTrade {
  contract: string;
  timeUs: number;
  price: number;
  amount: number;
  turnoverCny: number;
}

/** The part of a trade that moves a candle. */
export type CandleMove = Pick<CandleTrade, 'price' | 'amount' | 'turnoverCny'>;

/** A candle opened by its first trade. */
export function openCandle(startS: number, t: CandleMove): CandleRow {
  return {
    startS,
    open: t.price,
    high: t.price,
    low: t.price,
    close: t.price,
    volume: t.amount,
    amount: t.turnoverCny,
  };
}

/** Folds a later trade of the same bucket into its candle (in place). */
export function foldIntoCandle(c: CandleRow, t: CandleMove): void {
  if (t.price > c.high) c.high = t.price;
  if (t.price < c.low) c.low = t.price;
  c.close = t.price;
  c.volume += t.amount;
  c.amount += t.turnoverCny;
}

export class CandleStore {
  private readonly upsert;
  private readonly selectRange;
  private readonly selectFirstOpen;
  private readonly deleteBefore;

  constructor(db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS candles_1m (
        contract TEXT NOT NULL,
        start_s INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume REAL NOT NULL,
        amount REAL NOT NULL,
        PRIMARY KEY (contract, start_s)
      ) WITHOUT ROWID;
    `);
    this.upsert = db.prepare(
      `INSERT INTO candles_1m (contract, start_s, open, high, low, close, volume, amount)
       VALUES (@contract, @startS, @open, @high, @low, @close, @volume, @amount)
       ON CONFLICT (contract, start_s) DO UPDATE SET
         high = max(high, excluded.high), low = min(low, excluded.low), close = excluded.close,
         volume = volume + excluded.volume, amount = amount + excluded.amount`,
    );
    this.selectRange = db.prepare(
      `SELECT start_s AS startS, open, high, low, close, volume, amount FROM candles_1m
       WHERE contract = ? AND start_s >= ? AND start_s < ? ORDER BY start_s`,
    );
    this.selectFirstOpen = db.prepare(
      'SELECT open FROM candles_1m WHERE contract = ? AND start_s >= ? ORDER BY start_s LIMIT 1',
    );
    this.deleteBefore = db.prepare('DELETE FROM candles_1m WHERE start_s < ?');
  }

  /** Folds trades (in time order) into their one-minute candles; the caller wraps this in a transaction. */
  apply(trades: readonly CandleTrade[]): void {
    if (trades.length === 0) return;
    const rows = new Map<string, CandleRow & { contract: string }>();
    for (const t of trades) {
      const startS = Math.floor(t.timeUs / 60_000_000) * 60;
      const key = `${t.contract}\u0000${startS}`;
      const row = rows.get(key);
      if (row) foldIntoCandle(row, t);
      else rows.set(key, { contract: t.contract, ...openCandle(startS, t) });
    }
    for (const row of rows.values()) this.upsert.run(row);
  }

  /** One-minute candles of a contract with `sinceS <= start < untilS`, oldest first. */
  minutes(contract: string, sinceS: number, untilS: number): CandleRow[] {
    return this.selectRange.all(contract, sinceS, untilS) as CandleRow[];
  }

  /** The open of the first one-minute candle at or after `sinceS` (the reference of the 24 h rise). */
  firstOpenSince(contract: string, sinceS: number): number | undefined {
    const row = this.selectFirstOpen.get(contract, sinceS) as { open: number } | undefined;
    return row?.open;
  }

  prune(beforeS: number): number {
    return this.deleteBefore.run(beforeS).changes;
  }
}
