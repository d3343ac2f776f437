/**
 * What the quote board knows: per contract the latest tick, when it arrived, and the last window of
 * prices and volumes (for the sparkline, the one-minute volume and change); plus the connection's
 * state. It changes only through `update`, `fail` and `setStatus`; rendering reads it.
 */
import type { Tick } from '@ots/protocol';

export interface Sample {
  /** Epoch milliseconds, when the board received the tick. */
  at: number;
  price: number;
  volume: number;
}

export interface ContractView {
  contract: string;
  tick?: Tick;
  /** When the latest tick arrived (epoch ms). */
  receivedAt?: number;
  /** Ticks of the window, oldest first (one sample before the window is kept to seed the sparkline). */
  samples: Sample[];
  /** Decimals to show prices with: the most the book has used, so columns do not jitter. */
  decimals: number;
  /** Why this contract has no data (a refused subscription). */
  error?: string;
}

export class BoardState {
  readonly views: ContractView[];
  /** The connection's state as the user should read it: `connecting`, `live`, `reconnecting`. */
  status = 'connecting';
  /** When the next connection attempt is due (epoch ms), while reconnecting: the board counts down. */
  retryAt: number | undefined;
  /** Why the connection is down, for the person watching (e.g. no gateway at that URL). */
  note: string | undefined;

  constructor(
    contracts: readonly string[],
    readonly url: string,
    readonly windowMs = 60_000,
  ) {
    this.views = contracts.map((contract) => ({ contract, samples: [], decimals: 0 }));
  }

  view(contract: string): ContractView | undefined {
    return this.views.find((v) => v.contract === contract);
  }

  update(tick: Tick, now: number): void {
    const view = tick.contract ? this.view(tick.contract) : undefined;
    if (!view) return;
    view.tick = tick;
    view.receivedAt = now;
    view.error = undefined;
    view.samples.push({ at: now, price: tick.price, volume: tick.volume });
    // Keep one sample older than the window: the sparkline's left edge starts from it.
    const start = now - this.windowMs;
    let drop = 0;
    while (drop + 1 < view.samples.length && view.samples[drop + 1].at < start) drop++;
    if (drop > 0) view.samples.splice(0, drop);
    view.decimals = Math.max(view.decimals, decimalsOf(tick));
  }

  fail(contract: string, message: string): void {
    const view = this.view(contract);
    if (view) view.error = message;
  }

  setStatus(status: string, retryAt?: number, note?: string): void {
    this.status = status;
    this.retryAt = retryAt;
    this.note = note;
  }
}

/** Decimals the tick's prices are written with (its contract's price grid), at most 8. */
export function decimalsOf(tick: Tick): number {
  let most = 0;
  const levels = [...tick.bids.slice(0, 5), ...tick.asks.slice(0, 5), { price: tick.price }];
  for (const { price } of levels) {
    const text = String(price);
    if (text.includes('e')) return 8;
    const dot = text.indexOf('.');
    if (dot >= 0) most = Math.max(most, text.length - dot - 1);
  }
  return Math.min(most, 8);
}
