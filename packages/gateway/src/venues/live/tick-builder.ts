/**
 * Normalisation of market data: ccxt's order book and trades of one contract → protocol `Tick`s
 * (top 20 levels, last price, volume and turnover since the previous tick) and `Zhubi`. No I/O: the
 * stream loops feed it, and the bench feeds it recorded frames.
 */

import { Tick, Timestamp, type Zhubi } from '@ots/protocol';
import { makeZhubi } from './zhubi-of.js';

/** The part of a ccxt order book read here: `[price, amount]` levels, best first. */
export interface CcxtBookLike {
  bids: ArrayLike<readonly number[]>;
  asks: ArrayLike<readonly number[]>;
  timestamp?: number | undefined;
}

/** The part of a ccxt trade read here. */
export interface CcxtTradeLike {
  price: number;
  amount: number;
  side?: string | undefined;
  timestamp?: number | undefined;
}

export const TICK_DEPTH = 20;

export interface TickBuilderOptions {
  contract: string;
  /** The quote currency of the contract (`usdt`), to value turnover. */
  quote: string;
  /**
   * Turns turnover in the quote currency into the money the protocol calls CNY (the gateway's
   * valuation currency at its configured rate); undefined when it cannot (the tick's `amount` is
   * then null).
   */
  valueTurnover?: (quote: string, turnover: number) => number | undefined;
  /** The gateway's clock in epoch milliseconds (a test may pin it). */
  now?: () => number;
  depth?: number;
}

/**
 * One contract's tick state: the last book and the trades since the previous tick. `book()` and
 * `trades()` each return the tick to publish (or undefined while the last price is still unknown).
 */
export class TickBuilder {
  private last: number | undefined;
  private volume = 0;
  private turnover = 0;
  // The last book's top levels, flat (`[price1, volume1, ...]`), copied once per book update and
  // shared by the ticks that follow until the next one; nothing mutates them.
  private bids: readonly number[] = [];
  private asks: readonly number[] = [];
  private exchangeMs: number | undefined;
  // The clock has millisecond steps and ticks come faster: ticks of the same millisecond share one
  // (immutable) Timestamp, so it is made, and written as ISO by the hub, once per millisecond.
  private timeMs = Number.NaN;
  private time: Timestamp | undefined;
  private exchangeTimeMs = Number.NaN;
  private exchangeTime: Timestamp | null = null;
  private readonly now: () => number;
  private readonly depth: number;

  constructor(private readonly options: TickBuilderOptions) {
    this.now = options.now ?? Date.now;
    this.depth = options.depth ?? TICK_DEPTH;
  }

  /** Seeds the last price before any trade arrives (from the exchange's ticker). */
  seedLast(price: number | undefined): void {
    if (this.last === undefined && price !== undefined && Number.isFinite(price)) this.last = price;
  }

  book(book: CcxtBookLike): Tick | undefined {
    this.bids = topLevels(book.bids, this.depth);
    this.asks = topLevels(book.asks, this.depth);
    if (book.timestamp !== undefined) this.exchangeMs = book.timestamp;
    return this.emit();
  }

  /** New trades (oldest first): the zhubi to publish, and the tick they move. */
  trades(trades: readonly CcxtTradeLike[]): { zhubi: Zhubi[]; tick: Tick | undefined } {
    const zhubi: Zhubi[] = [];
    const time = this.timestampOf(this.now());
    for (const trade of trades) {
      this.last = trade.price;
      this.volume += trade.amount;
      this.turnover += trade.price * trade.amount;
      if (trade.timestamp !== undefined) this.exchangeMs = trade.timestamp;
      zhubi.push(
        makeZhubi({
          contract: this.options.contract,
          price: trade.price,
          amount: trade.amount,
          bs: trade.side === 'sell' ? 's' : 'b',
          time,
          exchangeTime: this.exchangeTimestampOf(trade.timestamp),
          turnover: this.options.valueTurnover?.(this.options.quote, trade.price * trade.amount),
        }),
      );
    }
    return { zhubi, tick: trades.length > 0 ? this.emit() : undefined };
  }

  private emit(): Tick | undefined {
    if (this.last === undefined) return undefined;
    const value = this.options.valueTurnover?.(this.options.quote, this.turnover);
    // The levels are already finite and in order (ccxt keeps its book sorted; topLevels drops
    // anything else), so the tick takes them as they are rather than validating and copying them
    // again, and flat: an object per level at every update was most of the normalisation's cost,
    // and the tick makes its level objects only if someone reads them.
    const tick = Tick.fromPackedLevels({
      timestamp: this.timestampOf(this.now()),
      exchangeTimestamp: this.exchangeTimestampOf(this.exchangeMs),
      price: this.last,
      volume: this.volume,
      bids: this.bids,
      asks: this.asks,
      contract: this.options.contract,
      source: 'exchange',
      amount: value ?? null,
    });
    this.volume = 0;
    this.turnover = 0;
    return tick;
  }

  private timestampOf(ms: number): Timestamp {
    if (ms !== this.timeMs || this.time === undefined) {
      this.timeMs = ms;
      this.time = Timestamp.fromEpochMicros(ms * 1000);
    }
    return this.time;
  }

  private exchangeTimestampOf(ms: number | undefined): Timestamp | null {
    if (ms === undefined) return null;
    if (ms !== this.exchangeTimeMs || this.exchangeTime === null) {
      this.exchangeTimeMs = ms;
      this.exchangeTime = Timestamp.fromEpochMicros(ms * 1000);
    }
    return this.exchangeTime;
  }
}

/**
 * The top `depth` levels of a ccxt book side, best first, flat: `[price1, volume1, price2, ...]`. A
 * level that is not a finite price and volume (a malformed exchange message) ends the side rather
 * than reaching a tick. (Keeping the previous update's level objects where a level did not change
 * was measured, matching by index and by price: the extra reads cost as much as they saved. Keeping
 * the previous flat copy of a side whose top levels had not changed, which on Bitfinex is one side
 * of every update, saved nothing measurable either: reading ccxt's levels is the cost, not the copy.)
 */
function topLevels(side: ArrayLike<readonly number[]>, depth: number): number[] {
  const n = Math.min(depth, side.length);
  const out = new Array<number>(2 * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const level = side[i] as readonly number[];
    const price = level[0] as number;
    const volume = level[1] as number;
    if (!Number.isFinite(price) || !Number.isFinite(volume)) break;
    out[k++] = price;
    out[k++] = volume;
  }
  if (k < out.length) out.length = k;
  return out;
}
