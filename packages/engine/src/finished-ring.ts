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
import { recordAt } from './events.js';
import type { Market } from './market.js';
import { F_LAST_UPDATE_US, STRIDE } from './order-columns.js';

/**
 * An entry's numbers: the order's, in the layout of `OrderColumns`, then its market, side, type
 * and status as small numbers (`F_CODES`, see `codesOf`): each reference kept in `refs` is a slot
 * the collector visits and a store with a write barrier, so only the three that can be anything
 * are references.
 */
const F_CODES = STRIDE;
const ROW = STRIDE + 1;

/** An entry's references, side by side: `refs[pos * REFS + K_*]`. */
const K_CLIENT_OID = 0;
const K_OPTIONS = 1;
const K_TAGS = 2;
const REFS = 3;

/** Codes per field of `codesOf`. */
const CODE = 256;

/**
 * Sides, order types and statuses by their code; a name not listed is added when first seen
 * (the engine's own are a dozen or so, far below `CODE`).
 */
const NAMES: string[] = ['b', 's', 'limit', 'market', 'ioc', 'fok', 'post_only', 'dealt', 'withdrawn'];

function nameCode(name: string): number {
  // A loop, not `indexOf` (a builtin call, three per finished order): the names are a dozen
  // internalized strings, compared by reference.
  for (let i = 0; i < NAMES.length; i++) if (NAMES[i] === name) return i;
  if (NAMES.length === CODE) throw new Error(`more than ${CODE} distinct order names, at ${name}`);
  NAMES.push(name);
  return NAMES.length - 1;
}

/** `((market * CODE + bs) * CODE + type) * CODE + status`: exact in a double for any market index. */
function codesOf(node: OrderNode): number {
  return (
    ((node.market.index * CODE + nameCode(node.bs)) * CODE + nameCode(node.type)) * CODE +
    nameCode(node.status)
  );
}

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
  /** Per position: `ROW` numbers. */
  private numbers = new Float64Array(this.capacity * ROW);
  /** Markets by index, as entries name them. */
  private readonly markets: Market[] = [];
  private refs: unknown[] = new Array<unknown>(this.capacity * REFS).fill(undefined);
  /** 1 where an account retains the entry. */
  private live = new Uint8Array(this.capacity);
  /** Per position, the order's id (to rebuild `idCounts` when the log grows). */
  private ids = new Float64Array(this.capacity);
  /**
   * How many retained orders have an id in each bucket of `id & idMask` (two buckets per
   * position), up to 255: a full bucket stays full (it only ever answers "maybe"). Most cancels of
   * an order that is not open name one the engine forgot long ago (a third of the bench's
   * cancels): an empty bucket answers them without searching the account's orders. Bytes, so
   * that the buckets (touched at random by every finished order) stay in cache.
   */
  private idCounts = new Uint8Array(this.capacity * 2);
  private idMask = this.capacity * 2 - 1;

  /** Copies the order's final state; returns its position, retained until `free`. */
  append(node: OrderNode): number {
    if (2 * (this.liveCount + 1) > this.capacity) this.grow();
    const live = this.live;
    let pos = this.head;
    while (live[pos] === 1) pos = pos + 1 === this.capacity ? 0 : pos + 1;
    this.head = pos + 1 === this.capacity ? 0 : pos + 1;
    live[pos] = 1;
    this.liveCount++;
    this.ids[pos] = node.id;
    const bucket = node.id & this.idMask;
    if (this.idCounts[bucket] !== 255) this.idCounts[bucket]++;
    const n = this.numbers;
    const data = node.cols.data;
    const from = node.slot;
    const o = pos * ROW;
    for (let f = 0; f < STRIDE; f++) n[o + f] = data[from + f];
    n[o + F_CODES] = codesOf(node);
    if (this.markets[node.market.index] !== node.market) this.markets[node.market.index] = node.market;
    const r = pos * REFS;
    const refs = this.refs;
    refs[r + K_CLIENT_OID] = node.client_oid;
    refs[r + K_OPTIONS] = node.options;
    refs[r + K_TAGS] = node.tags;
    return pos;
  }

  /** Gives back the entry at `pos`, of order `id`. */
  free(pos: number, id: number): void {
    this.live[pos] = 0;
    this.liveCount--;
    const bucket = id & this.idMask;
    if (this.idCounts[bucket] !== 255) this.idCounts[bucket]--;
  }

  /** False when no retained order has this id. */
  mayHold(id: number): boolean {
    return this.idCounts[id & this.idMask] !== 0;
  }

  market(pos: number): Market {
    return this.markets[Math.floor(this.numbers[pos * ROW + F_CODES] / (CODE * CODE * CODE))];
  }

  /** The entry at `pos` as the record of order `id` of `account`. */
  at(pos: number, id: number, account: string): RetainedOrder {
    const n = this.numbers;
    const o = pos * ROW;
    const r = pos * REFS;
    const refs = this.refs;
    const codes = n[o + F_CODES];
    const market = this.markets[Math.floor(codes / (CODE * CODE * CODE))];
    const record = recordAt(
      n,
      o,
      id,
      account,
      market.symbol,
      NAMES[Math.floor(codes / (CODE * CODE)) % CODE] as Side,
      NAMES[Math.floor(codes / CODE) % CODE] as OrderType,
      NAMES[codes % CODE] as OrderStatus,
      refs[r + K_CLIENT_OID] as string,
      refs[r + K_OPTIONS] as Record<string, unknown>,
      refs[r + K_TAGS] as Record<string, unknown>,
    );
    return { record, market };
  }

  /** Twice the positions, the old ones kept where they are (accounts hold them). */
  private grow(): void {
    const capacity = this.capacity * 2;
    const numbers = new Float64Array(capacity * ROW);
    numbers.set(this.numbers);
    const refs = new Array<unknown>(capacity * REFS).fill(undefined);
    for (let i = 0; i < this.refs.length; i++) refs[i] = this.refs[i];
    const live = new Uint8Array(capacity);
    live.set(this.live);
    const ids = new Float64Array(capacity);
    ids.set(this.ids);
    const idMask = capacity * 2 - 1;
    const idCounts = new Uint8Array(capacity * 2);
    for (let pos = 0; pos < this.capacity; pos++) {
      const bucket = ids[pos] & idMask;
      if (live[pos] === 1 && idCounts[bucket] !== 255) idCounts[bucket]++;
    }
    this.head = this.capacity;
    this.capacity = capacity;
    this.numbers = numbers;
    this.refs = refs;
    this.live = live;
    this.ids = ids;
    this.idCounts = idCounts;
    this.idMask = idMask;
  }
}

/** A ring slot's keys, side by side: `keys[slot * KEYS + Q_*]`. */
const Q_TIME = 0;
const Q_ID = 1;
const Q_POS = 2;
const KEYS = 3;

/**
 * An account's retained finished orders: per slot, the order's closing time, id and log position in
 * one row (one cache line holds the ones `retain` reads and writes).
 */
export class FinishedRing {
  private readonly capacity: number;
  /** Slot of the oldest order (the first to be pushed out). */
  private start = 0;
  private count = 0;
  private readonly keys: Float64Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.keys = new Float64Array(capacity * KEYS);
  }

  /**
   * Keeps a finished order's final state, ordered by (closing time, id) so that which ones are
   * retained does not depend on the order they finished in (a restore must retain the same ones):
   * once full, an order older than every retained one is not kept, else the oldest goes.
   */
  retain(node: OrderNode, log: FinishedLog): void {
    const keys = this.keys;
    const time = node.cols.data[node.slot + F_LAST_UPDATE_US];
    const id = node.id;
    const capacity = this.capacity;
    if (this.count === capacity) {
      const s = this.start * KEYS;
      if (time < keys[s + Q_TIME] || (time === keys[s + Q_TIME] && id < keys[s + Q_ID])) return;
      log.free(keys[s + Q_POS], keys[s + Q_ID]);
      this.start = this.start + 1 === capacity ? 0 : this.start + 1;
      this.count--;
    }
    // Insertion from the newest end: a finished order is nearly always the newest.
    let k = this.count;
    while (k > 0) {
      const b = ((this.start + k - 1) % capacity) * KEYS;
      if (keys[b + Q_TIME] < time || (keys[b + Q_TIME] === time && keys[b + Q_ID] < id)) break;
      // Three stores, not `copyWithin` (a call costs more): orders cancelled in one command at
      // one time come here in any order of ids, and each may move many rows.
      const to = ((this.start + k) % capacity) * KEYS;
      keys[to + Q_TIME] = keys[b + Q_TIME];
      keys[to + Q_ID] = keys[b + Q_ID];
      keys[to + Q_POS] = keys[b + Q_POS];
      k--;
    }
    const at = ((this.start + k) % capacity) * KEYS;
    keys[at + Q_TIME] = time;
    keys[at + Q_ID] = id;
    keys[at + Q_POS] = log.append(node);
    this.count++;
  }

  /** The retained order `id` of `market`, or undefined. */
  find(id: number, market: Market, log: FinishedLog, account: string): RetainedOrder | undefined {
    if (!log.mayHold(id)) return undefined;
    const keys = this.keys;
    for (let k = 0; k < this.count; k++) {
      const i = ((this.start + k) % this.capacity) * KEYS;
      if (keys[i + Q_ID] === id) {
        const pos = keys[i + Q_POS];
        return log.market(pos) === market ? log.at(pos, id, account) : undefined;
      }
    }
    return undefined;
  }

  /** All retained orders of `account`, oldest first. */
  all(log: FinishedLog, account: string): RetainedOrder[] {
    const out: RetainedOrder[] = [];
    const keys = this.keys;
    for (let k = 0; k < this.count; k++) {
      const i = ((this.start + k) % this.capacity) * KEYS;
      out.push(log.at(keys[i + Q_POS], keys[i + Q_ID], account));
    }
    return out;
  }
}
