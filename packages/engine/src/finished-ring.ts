/**
 * Retained finished orders: per account the last `capacity` by closing time, then id, copied out of
 * their order objects when they finish.
 *
 * Why a copy: the order's object and its number slot are then free at once, while they are still
 * in cache, and the engine's next new order takes them. Kept until `capacity` newer orders of the
 * account had finished, they were given back long after anything had touched them, and every new
 * order started with cache misses on a forgotten order's object and slot.
 *
 * Why a log: the copies go to one engine-wide `FinishedLog`, written in turn (a stream of stores
 * the processor sees coming), not to a row of the account's own ring, which is written once per
 * hundred of its orders and so is nowhere near the cache when its turn comes. An account's ring
 * keeps only what choosing and finding needs (closing times, ids, log positions), a few kilobytes.
 */
import type { OrderStatus, Side } from '@ots/protocol';
import type { OrderRecord, OrderType } from './api.js';
import type { OrderNode } from './book.js';
import type { Market } from './market.js';
import {
  F_COMMISSION_UNITS,
  F_DEALT_LOTS,
  F_DEALT_QUOTE_UNITS,
  F_ENTRUST_US,
  F_FROZEN_UNITS,
  F_LAST_DEALT_LOTS,
  F_LAST_UPDATE_US,
  F_LOTS,
  F_PRICE_TICKS,
  F_PRIORITY,
  F_VERSION,
  STRIDE,
} from './order-columns.js';

/** An entry's references, side by side: `refs[pos * REFS + K_*]`. */
const K_MARKET = 0;
const K_BS = 1;
const K_TYPE = 2;
const K_CLIENT_OID = 3;
const K_OPTIONS = 4;
const K_TAGS = 5;
const K_STATUS = 6;
const REFS = 7;

/** A retained order (open or finished) as `Engine` reads it: its record and its market. */
export interface RetainedOrder {
  record: OrderRecord;
  market: Market;
}

/**
 * The final states of retained finished orders, in positions reused in turn: `append` writes at
 * the next position no account still retains (skipping the few that are, such as an idle account's),
 * and the log doubles when half its positions are retained, so an append skips one on average.
 */
export class FinishedLog {
  private capacity = 1024;
  private head = 0;
  private liveCount = 0;
  /** Per position: the order's numbers, in the layout of `OrderColumns`. */
  private numbers = new Float64Array(this.capacity * STRIDE);
  private refs: unknown[] = new Array<unknown>(this.capacity * REFS).fill(undefined);
  /** 1 where an account retains the entry. */
  private live = new Uint8Array(this.capacity);

  /** Copies the order's final state; returns its position, retained until `free`. */
  append(node: OrderNode): number {
    if (2 * (this.liveCount + 1) > this.capacity) this.grow();
    const live = this.live;
    let pos = this.head;
    while (live[pos] === 1) pos = pos + 1 === this.capacity ? 0 : pos + 1;
    this.head = pos + 1 === this.capacity ? 0 : pos + 1;
    live[pos] = 1;
    this.liveCount++;
    const n = this.numbers;
    const data = node.cols.data;
    const from = node.slot;
    const o = pos * STRIDE;
    for (let f = 0; f < STRIDE; f++) n[o + f] = data[from + f];
    const r = pos * REFS;
    const refs = this.refs;
    refs[r + K_MARKET] = node.market;
    refs[r + K_BS] = node.bs;
    refs[r + K_TYPE] = node.type;
    refs[r + K_CLIENT_OID] = node.client_oid;
    refs[r + K_OPTIONS] = node.options;
    refs[r + K_TAGS] = node.tags;
    refs[r + K_STATUS] = node.status;
    return pos;
  }

  free(pos: number): void {
    this.live[pos] = 0;
    this.liveCount--;
  }

  market(pos: number): Market {
    return this.refs[pos * REFS + K_MARKET] as Market;
  }

  /** The entry at `pos` as the record of order `id` of `account`. */
  at(pos: number, id: number, account: string): RetainedOrder {
    const n = this.numbers;
    const o = pos * STRIDE;
    const r = pos * REFS;
    const refs = this.refs;
    const market = refs[r + K_MARKET] as Market;
    const status = refs[r + K_STATUS] as OrderStatus;
    const lastUpdateUs = n[o + F_LAST_UPDATE_US];
    const record: OrderRecord = {
      id,
      account,
      contract: market.symbol,
      bs: refs[r + K_BS] as Side,
      type: refs[r + K_TYPE] as OrderType,
      client_oid: refs[r + K_CLIENT_OID] as string,
      options: refs[r + K_OPTIONS] as Record<string, unknown>,
      tags: refs[r + K_TAGS] as Record<string, unknown>,
      priceTicks: n[o + F_PRICE_TICKS],
      lots: n[o + F_LOTS],
      dealtLots: n[o + F_DEALT_LOTS],
      lastDealtLots: n[o + F_LAST_DEALT_LOTS],
      dealtQuoteUnits: n[o + F_DEALT_QUOTE_UNITS],
      commissionUnits: n[o + F_COMMISSION_UNITS],
      frozenUnits: n[o + F_FROZEN_UNITS],
      status,
      version: n[o + F_VERSION],
      priority: n[o + F_PRIORITY],
      entrustUs: n[o + F_ENTRUST_US],
      lastUpdateUs,
      canceledUs: status === 'withdrawn' || status === 'part-deal-withdrawn' ? lastUpdateUs : null,
      closedUs: lastUpdateUs,
    };
    return { record, market };
  }

  /** Twice the positions, the old ones kept where they are (accounts hold them). */
  private grow(): void {
    const capacity = this.capacity * 2;
    const numbers = new Float64Array(capacity * STRIDE);
    numbers.set(this.numbers);
    const refs = new Array<unknown>(capacity * REFS).fill(undefined);
    for (let i = 0; i < this.refs.length; i++) refs[i] = this.refs[i];
    const live = new Uint8Array(capacity);
    live.set(this.live);
    this.head = this.capacity;
    this.capacity = capacity;
    this.numbers = numbers;
    this.refs = refs;
    this.live = live;
  }
}

/** Buckets of `FinishedRing.idCounts` (a power of two). */
const ID_BUCKETS = 512;

/** An account's retained finished orders: their keys and positions in the engine's log. */
export class FinishedRing {
  private readonly capacity: number;
  /** Slot of the oldest order (the first to be pushed out). */
  private start = 0;
  private count = 0;
  /** Per slot: the order's closing time, id and log position. */
  private readonly times: Float64Array;
  private readonly ids: Float64Array;
  private readonly positions: Int32Array;
  /**
   * How many retained ids fall in each bucket of `id % ID_BUCKETS`. Most cancels of an order that
   * is not open name one the engine forgot long ago (a third of the bench's cancels); an empty
   * bucket answers them without searching `ids`.
   */
  private readonly idCounts = new Uint16Array(ID_BUCKETS);

  constructor(capacity: number) {
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.ids = new Float64Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  /**
   * Keeps a finished order's final state, ordered by (closing time, id) so that which ones are
   * retained does not depend on the order they finished in (a restore must retain the same ones):
   * once full, an order older than every retained one is not kept, else the oldest goes.
   */
  retain(node: OrderNode, log: FinishedLog): void {
    const times = this.times;
    const ids = this.ids;
    const positions = this.positions;
    const time = node.cols.data[node.slot + F_LAST_UPDATE_US];
    const id = node.id;
    const capacity = this.capacity;
    if (this.count === capacity) {
      const s = this.start;
      if (time < times[s] || (time === times[s] && id < ids[s])) return;
      log.free(positions[s]);
      this.idCounts[ids[s] % ID_BUCKETS]--;
      this.start = s + 1 === capacity ? 0 : s + 1;
      this.count--;
    }
    // Insertion from the newest end: a finished order is nearly always the newest.
    let k = this.count;
    while (k > 0) {
      const b = (this.start + k - 1) % capacity;
      if (times[b] < time || (times[b] === time && ids[b] < id)) break;
      const to = (this.start + k) % capacity;
      times[to] = times[b];
      ids[to] = ids[b];
      positions[to] = positions[b];
      k--;
    }
    const at = (this.start + k) % capacity;
    times[at] = time;
    ids[at] = id;
    positions[at] = log.append(node);
    this.idCounts[id % ID_BUCKETS]++;
    this.count++;
  }

  /** The retained order `id` of `market`, or undefined. */
  find(id: number, market: Market, log: FinishedLog, account: string): RetainedOrder | undefined {
    if (this.idCounts[id % ID_BUCKETS] === 0) return undefined;
    // Ids are unique across markets, and unused slots hold 0, never an order's id. A loop, not
    // `indexOf`: a runtime call costs more than a hundred compares.
    const ids = this.ids;
    let i = 0;
    while (i < this.capacity && ids[i] !== id) i++;
    if (i === this.capacity) return undefined;
    const pos = this.positions[i];
    return log.market(pos) === market ? log.at(pos, id, account) : undefined;
  }

  /** All retained orders of `account`, oldest first. */
  all(log: FinishedLog, account: string): RetainedOrder[] {
    const out: RetainedOrder[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.start + k) % this.capacity;
      out.push(log.at(this.positions[i], this.ids[i], account));
    }
    return out;
  }
}
