/**
 * An account's last `capacity` fills, for `Engine.fills` and snapshots, kept in fixed arrays used
 * as a ring: retaining a fill writes a few numbers and references and allocates nothing.
 *
 * Why: a retained fill lives until `capacity` newer fills of its account push it out, long enough
 * to outlive a young-generation collection or two, so keeping the fill events themselves made the
 * collector copy every one of them (hundreds of thousands per second under load) before it died.
 */
import type { DealtTrans, Side } from '@ots/protocol';
import { type FillEvent, fillWire } from './events.js';
import type { Market } from './market.js';

const F_ORDER_ID = 0;
const F_TRADE_ID = 1;
const F_LOTS = 2;
const F_TICKS = 3;
const F_TIME_US = 4;
const F_MAKER = 5;
const F_COMMISSION_UNITS = 6;
const STRIDE = 7;

/** A fill's references, side by side (one cache line): `refs[i * REFS + K_*]`. */
const K_MARKET = 0;
const K_SIDE = 1;
const K_CLIENT_OID = 2;
const K_TAGS = 3;
/** Fills restored from a journal or snapshot are known only by their wire form. */
const K_STORED = 4;
const REFS = 5;

export class FillRing {
  private readonly capacity: number;
  /** Index of the oldest fill. */
  private start = 0;
  private count = 0;
  private readonly numbers: Float64Array;
  /**
   * One array, not one per reference: a fill's row here is written once per `capacity` fills of
   * its account, long after the line was last in cache, so each separate array cost a miss.
   */
  private readonly refs: unknown[];

  constructor(capacity: number) {
    this.capacity = capacity;
    this.numbers = new Float64Array(capacity * STRIDE);
    this.refs = new Array<unknown>(capacity * REFS).fill(undefined);
  }

  push(fill: FillEvent): void {
    const i = this.nextIndex();
    const o = i * STRIDE;
    const n = this.numbers;
    n[o + F_ORDER_ID] = fill.orderId;
    n[o + F_TRADE_ID] = fill.tradeId;
    n[o + F_LOTS] = fill.lots;
    n[o + F_TICKS] = fill.ticks;
    n[o + F_TIME_US] = fill.timeUs;
    n[o + F_MAKER] = fill.maker ? 1 : 0;
    n[o + F_COMMISSION_UNITS] = fill.commissionUnits;
    const r = i * REFS;
    const refs = this.refs;
    refs[r + K_MARKET] = fill.market;
    refs[r + K_SIDE] = fill.bs;
    refs[r + K_CLIENT_OID] = fill.client_oid;
    refs[r + K_TAGS] = fill.tags;
    refs[r + K_STORED] = undefined;
  }

  pushStored(fill: DealtTrans): void {
    const r = this.nextIndex() * REFS;
    this.refs[r + K_MARKET] = undefined;
    this.refs[r + K_STORED] = fill;
  }

  /** The retained fills of `account`, oldest first. */
  toArray(account: string): DealtTrans[] {
    const out: DealtTrans[] = [];
    const n = this.numbers;
    for (let k = 0; k < this.count; k++) {
      const i = (this.start + k) % this.capacity;
      const r = i * REFS;
      const refs = this.refs;
      const stored = refs[r + K_STORED] as DealtTrans | undefined;
      if (stored !== undefined) {
        out.push(stored);
        continue;
      }
      const o = i * STRIDE;
      out.push(
        fillWire(
          refs[r + K_MARKET] as Market,
          account,
          refs[r + K_SIDE] as Side,
          refs[r + K_CLIENT_OID] as string,
          n[o + F_ORDER_ID],
          n[o + F_TRADE_ID],
          n[o + F_LOTS],
          n[o + F_TICKS],
          n[o + F_TIME_US],
          n[o + F_MAKER] === 1,
          n[o + F_COMMISSION_UNITS],
          refs[r + K_TAGS] as Record<string, unknown>,
        ),
      );
    }
    return out;
  }

  /** The slot for a new fill: the next free one, or the oldest's once full. */
  private nextIndex(): number {
    if (this.count < this.capacity) return (this.start + this.count++) % this.capacity;
    const i = this.start;
    this.start = (this.start + 1) % this.capacity;
    return i;
  }
}
