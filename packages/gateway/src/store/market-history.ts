/**
 * The market's history as the gateway keeps it: trades (zhubi) and one-minute candles, written
 * together in one transaction per flush (every `timers.storeFlushMs`, and before every read), so
 * a busy market costs one commit per flush, not one per trade. Longer candles are aggregated
 * from the one-minute rows on read.
 */
import { type CandleRow, CandleStore } from './candles.js';
import type { Db } from './db.js';
import { type TradeQuery, type TradeRecord, TradeStore } from './trades.js';

/** A trade on its way to the store, with its turnover valued in CNY. */
export interface HistoryTrade extends TradeRecord {
  turnoverCny: number;
}

const WEEK_S = 7 * 86_400;
/** Weekly candles start on Monday 00:00 UTC; 1970-01-05 was the first Monday of the epoch. */
const WEEK_ORIGIN_S = 4 * 86_400;

/** Start (epoch seconds) of the candle of `durationS` seconds holding the instant `timeS`. */
export function candleStartS(durationS: number, timeS: number): number {
  const origin = durationS === WEEK_S ? WEEK_ORIGIN_S : 0;
  return Math.floor((timeS - origin) / durationS) * durationS + origin;
}

export class MarketHistory {
  readonly trades: TradeStore;
  readonly candles: CandleStore;
  private pending: HistoryTrade[] = [];
  private readonly write: (batch: HistoryTrade[]) => void;

  constructor(db: Db) {
    this.trades = new TradeStore(db);
    this.candles = new CandleStore(db);
    this.write = db.transaction((batch: HistoryTrade[]) => {
      this.trades.insert(batch);
      this.candles.apply(batch);
    });
  }

  add(trades: readonly HistoryTrade[]): void {
    for (const t of trades) this.pending.push(t);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.write(batch);
  }

  zhubi(query: TradeQuery): TradeRecord[] {
    this.flush();
    return this.trades.query(query);
  }

  /** Candles of `durationS` seconds whose start is in `[sinceS, untilS)`, oldest first, at most `limit`. */
  candlesOf(contract: string, durationS: number, sinceS: number, untilS: number, limit: number): CandleRow[] {
    this.flush();
    // Whole candles: the last one that starts before `untilS` takes its minutes up to its end.
    const end = candleStartS(durationS, untilS - 1) + durationS;
    const rows = this.candles.minutes(contract, sinceS, end);
    const out: CandleRow[] = [];
    for (const m of rows) {
      const start = candleStartS(durationS, m.startS);
      if (start < sinceS || start >= untilS) continue;
      const last = out[out.length - 1];
      if (last && last.startS === start) {
        if (m.high > last.high) last.high = m.high;
        if (m.low < last.low) last.low = m.low;
        last.close = m.close;
        last.volume += m.volume;
        last.amount += m.amount;
      } else {
        if (out.length === limit) break;
        out.push({ ...m, startS: start });
      }
    }
    return out;
  }

  /** The candle of `durationS` seconds that holds `timeS`, so far; undefined when it has no trade yet. */
  currentCandle(contract: string, durationS: number, timeS: number): CandleRow | undefined {
    const start = candleStartS(durationS, timeS);
    return this.candlesOf(contract, durationS, start, start + durationS, 1)[0];
  }

  /** The first price at or after `sinceS` (from the one-minute candles), for the 24 h rise. */
  firstPriceSince(contract: string, sinceS: number): number | undefined {
    this.flush();
    return this.candles.firstOpenSince(contract, sinceS);
  }

  /** Deletes trades and candles past their retention (0 keeps them). */
  prune(nowUs: number, retention: { tradesHours: number; candlesDays: number }): void {
    this.flush();
    if (retention.tradesHours > 0) this.trades.prune(nowUs - retention.tradesHours * 3_600_000_000);
    if (retention.candlesDays > 0)
      this.candles.prune(Math.floor(nowUs / 1e6) - retention.candlesDays * 86_400);
  }
}
