/**
 * The tick-v3 stream of one contract (reference §3.4): `ui` rises by one with every tick, the book
 * as last sent is kept to compute diffs (`[price, 0]` deletes a level), and a full snapshot replaces
 * the next diff every `timers.tickV3SnapshotMs`. Snapshots for new or resynchronising subscribers
 * are built from the same state and cached per `ui`.
 */
import type { BookLevel, Tick } from '@ots/protocol';
import type { ResyncSource } from '../ws/connection.js';
import { Frame } from '../ws/frames.js';

type Side = Map<number, number>;

export class TickV3State implements ResyncSource {
  /** The update id of the latest tick; rises by one per tick of the contract. */
  ui = 0;
  private bids: Side | null = null;
  private asks: Side | null = null;
  private lastSnapshotMs = 0;
  private snapshot: { ui: number; frame: Frame } | null = null;
  private tick: Tick | null = null;

  constructor(
    readonly contract: string,
    private readonly snapshotEveryMs: number,
  ) {}

  /**
   * Takes the next tick. With `tracking` (someone subscribes) it returns the frame to send: a diff,
   * or a snapshot when the snapshot period has passed. Without, it only counts the update.
   */
  next(tick: Tick, tracking: boolean, nowMs: number): Frame | undefined {
    this.ui++;
    this.tick = tick;
    if (!tracking) {
      this.bids = null;
      this.asks = null;
      return undefined;
    }
    if (this.bids === null || this.asks === null || nowMs - this.lastSnapshotMs >= this.snapshotEveryMs) {
      this.lastSnapshotMs = nowMs;
      return this.snapshotFrame();
    }
    const b = diffSide(this.bids, tick.bids, true);
    const a = diffSide(this.asks, tick.asks, false);
    return new Frame(this.json('d', b, a));
  }

  /** The snapshot of the current state (cached until the next tick); undefined before any tick. */
  snapshotFrame(): Frame | undefined {
    const tick = this.tick;
    if (!tick) return undefined;
    if (this.snapshot?.ui !== this.ui) {
      // The first subscriber's snapshot starts the snapshot period.
      if (this.bids === null) this.lastSnapshotMs = Date.now();
      this.bids = toSide(tick.bids);
      this.asks = toSide(tick.asks);
      this.snapshot = { ui: this.ui, frame: new Frame(this.json('s', pairs(tick.bids), pairs(tick.asks))) };
    }
    return this.snapshot.frame;
  }

  /** What a congested subscriber gets once it drains: the snapshot of that moment. */
  resyncFrame(): Frame | undefined {
    return this.snapshotFrame();
  }

  private json(tp: 's' | 'd', b: string, a: string): string {
    const tick = this.tick!;
    let s = `{"tp":"${tp}","ui":${this.ui},"tm":${tick.timestamp.toEpochSeconds()}`;
    if (tick.exchangeTimestamp) s += `,"et":${tick.exchangeTimestamp.toEpochSeconds()}`;
    s += `,"c":${JSON.stringify(this.contract)},"l":${num(tick.price)},"v":${num(tick.volume)}`;
    s += `,"vc":${tick.amount === null ? 'null' : num(tick.amount)},"b":${b},"a":${a}}`;
    return s;
  }
}

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

function toSide(levels: readonly BookLevel[]): Side {
  const side: Side = new Map();
  for (const l of levels) side.set(l.price, l.volume);
  return side;
}

function pairs(levels: readonly BookLevel[]): string {
  let s = '[';
  for (let i = 0; i < levels.length; i++) {
    if (i > 0) s += ',';
    s += `[${num(levels[i].price)},${num(levels[i].volume)}]`;
  }
  return s + ']';
}

/** The changes from `previous` to `levels` as `[[price, volume], ...]` in book order; updates `previous`. */
function diffSide(previous: Side, levels: readonly BookLevel[], descending: boolean): string {
  const changes: BookLevel[] = [];
  const seen = new Set<number>();
  for (const l of levels) {
    seen.add(l.price);
    if (previous.get(l.price) !== l.volume) changes.push(l);
  }
  for (const price of previous.keys()) {
    if (!seen.has(price)) changes.push({ price, volume: 0 });
  }
  previous.clear();
  for (const l of levels) previous.set(l.price, l.volume);
  changes.sort(descending ? (x, y) => y.price - x.price : (x, y) => x.price - y.price);
  return pairs(changes);
}
