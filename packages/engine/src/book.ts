/**
 * One side of an order book: price levels kept in a sorted array of ticks (best price last, so
 * taking the best level is a pop) and a map from ticks to the level; each level is an intrusive
 * doubly linked list of orders, so removing any order is O(1) however long its queue.
 */
import type { OrderStatus, Side } from '@ots/protocol';
import type { OrderType } from './api.js';
import type { Account } from './ledger.js';
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
  type OrderColumns,
} from './order-columns.js';

/**
 * An order: the engine's exact state of it and its place in a queue. Its numbers live in its
 * market's `OrderColumns` at `slot` (see there why); the accessors below read and write them.
 */
export class OrderNode {
  // Made only by `newOrderNode`, which stores every field in one order, so all orders share one
  // hidden class.
  declare id: number;
  declare account: Account;
  declare market: Market;
  declare cols: OrderColumns;
  /** Offset of this order's numbers in `cols.data`. */
  declare slot: number;
  declare bs: Side;
  declare type: OrderType;
  declare client_oid: string;
  declare options: Record<string, unknown>;
  declare tags: Record<string, unknown>;
  declare status: OrderStatus;
  /** Finished (a final status). It happens in the order's last change, at `lastUpdateUs`. */
  declare closed: boolean;
  /** Queue links; `level` is null when the order is not resting. */
  declare prev: OrderNode | null;
  declare next: OrderNode | null;
  declare level: Level | null;
  /** Its index among its account's open orders, or -1 (users only). */
  declare openIndex: number;

  /**
   * Makes this object a new order. The engine reuses the objects of finished user orders this way
   * (see `Engine.newUserOrder`): an order lives long, so a fresh object per order would be copied by
   * the young-generation collector at least twice before it dies.
   */
  init(
    id: number,
    account: Account,
    market: Market,
    bs: Side,
    type: OrderType,
    client_oid: string,
    priceTicks: number,
    lots: number,
    nowUs: number,
    options: Record<string, unknown>,
    tags: Record<string, unknown>,
  ): void {
    this.id = id;
    this.account = account;
    this.market = market;
    this.cols = market.columns;
    this.slot = this.cols.allocate();
    this.bs = bs;
    this.type = type;
    this.client_oid = client_oid;
    this.options = options;
    this.tags = tags;
    this.status = 'waiting';
    this.closed = false;
    this.prev = null;
    this.next = null;
    this.level = null;
    this.openIndex = -1;
    const data = this.cols.data;
    const slot = this.slot;
    data[slot + F_PRICE_TICKS] = priceTicks;
    data[slot + F_LOTS] = lots;
    data[slot + F_ENTRUST_US] = nowUs;
    data[slot + F_LAST_UPDATE_US] = nowUs;
  }

  /** Gives the slot back: only once nothing will read this order's numbers again. */
  release(): void {
    this.cols.release(this.slot);
    this.slot = -1;
  }

  get priceTicks(): number {
    return this.cols.data[this.slot + F_PRICE_TICKS];
  }
  set priceTicks(v: number) {
    this.cols.data[this.slot + F_PRICE_TICKS] = v;
  }
  get lots(): number {
    return this.cols.data[this.slot + F_LOTS];
  }
  set lots(v: number) {
    this.cols.data[this.slot + F_LOTS] = v;
  }
  get dealtLots(): number {
    return this.cols.data[this.slot + F_DEALT_LOTS];
  }
  set dealtLots(v: number) {
    this.cols.data[this.slot + F_DEALT_LOTS] = v;
  }
  get lastDealtLots(): number {
    return this.cols.data[this.slot + F_LAST_DEALT_LOTS];
  }
  set lastDealtLots(v: number) {
    this.cols.data[this.slot + F_LAST_DEALT_LOTS] = v;
  }
  get dealtQuoteUnits(): number {
    return this.cols.data[this.slot + F_DEALT_QUOTE_UNITS];
  }
  set dealtQuoteUnits(v: number) {
    this.cols.data[this.slot + F_DEALT_QUOTE_UNITS] = v;
  }
  get commissionUnits(): number {
    return this.cols.data[this.slot + F_COMMISSION_UNITS];
  }
  set commissionUnits(v: number) {
    this.cols.data[this.slot + F_COMMISSION_UNITS] = v;
  }
  get frozenUnits(): number {
    return this.cols.data[this.slot + F_FROZEN_UNITS];
  }
  set frozenUnits(v: number) {
    this.cols.data[this.slot + F_FROZEN_UNITS] = v;
  }
  get version(): number {
    return this.cols.data[this.slot + F_VERSION];
  }
  set version(v: number) {
    this.cols.data[this.slot + F_VERSION] = v;
  }
  get priority(): number {
    return this.cols.data[this.slot + F_PRIORITY];
  }
  set priority(v: number) {
    this.cols.data[this.slot + F_PRIORITY] = v;
  }
  get entrustUs(): number {
    return this.cols.data[this.slot + F_ENTRUST_US];
  }
  set entrustUs(v: number) {
    this.cols.data[this.slot + F_ENTRUST_US] = v;
  }
  get lastUpdateUs(): number {
    return this.cols.data[this.slot + F_LAST_UPDATE_US];
  }
  set lastUpdateUs(v: number) {
    this.cols.data[this.slot + F_LAST_UPDATE_US] = v;
  }

  get openLots(): number {
    const data = this.cols.data;
    return data[this.slot + F_LOTS] - data[this.slot + F_DEALT_LOTS];
  }

  get closedUs(): number | null {
    return this.closed ? this.lastUpdateUs : null;
  }

  get canceledUs(): number | null {
    return this.closed && (this.status === 'withdrawn' || this.status === 'part-deal-withdrawn')
      ? this.lastUpdateUs
      : null;
  }
}

/**
 * A new order object. Made by an object literal, not `new`: V8 notices (per literal) that nearly
 * every order made here outlives the young generation and then allocates them in the old one
 * directly, sparing the collector two copies of each resting order; it does not do this for `new`.
 * Every field is stored by the literal and again by `init`, so none is marked constant (a field V8
 * saw stored once counts as constant, and the first reused order would then throw away all
 * optimised code that read it).
 */
export function newOrderNode(
  id: number,
  account: Account,
  market: Market,
  bs: Side,
  type: OrderType,
  client_oid: string,
  priceTicks: number,
  lots: number,
  nowUs: number,
  options: Record<string, unknown>,
  tags: Record<string, unknown>,
): OrderNode {
  const node = {
    __proto__: OrderNode.prototype,
    id,
    account,
    market,
    cols: market.columns,
    slot: -1,
    bs,
    type,
    client_oid,
    options,
    tags,
    status: 'waiting',
    closed: false,
    prev: null,
    next: null,
    level: null,
    openIndex: -1,
  } as unknown as OrderNode;
  node.init(id, account, market, bs, type, client_oid, priceTicks, lots, nowUs, options, tags);
  return node;
}

export class Level {
  readonly ticks: number;
  head: OrderNode | null = null;
  tail: OrderNode | null = null;
  /** Open lots resting at this price. */
  lots = 0;
  count = 0;

  constructor(ticks: number) {
    this.ticks = ticks;
  }
}

export class BookSide {
  readonly isBid: boolean;
  /** Active prices; bids ascending and asks descending, so the best is always last. */
  readonly prices: number[] = [];
  /** The level of each price in `prices`, same index: the best level without a map lookup. */
  private readonly ranked: Level[] = [];
  readonly levels = new Map<number, Level>();

  constructor(isBid: boolean) {
    this.isBid = isBid;
  }

  best(): Level | undefined {
    const n = this.ranked.length;
    return n === 0 ? undefined : this.ranked[n - 1];
  }

  /** Appends the order at the tail of its price's queue. */
  add(node: OrderNode): void {
    // The column, not the accessor: this runs for every resting order, and the accessor is not
    // always inlined here.
    const ticks = node.cols.data[node.slot + F_PRICE_TICKS];
    let level = this.levels.get(ticks);
    if (level === undefined) {
      level = new Level(ticks);
      this.levels.set(ticks, level);
      this.insertLevel(level);
    }
    this.append(level, node);
  }

  /**
   * Puts restored orders back in their original order: the caller inserts them sorted by
   * `priority`, and each lands before any later-priority order already queued.
   */
  addByPriority(node: OrderNode): void {
    const ticks = node.priceTicks;
    let level = this.levels.get(ticks);
    if (level === undefined) {
      level = new Level(ticks);
      this.levels.set(ticks, level);
      this.insertLevel(level);
    }
    let after = level.tail;
    while (after !== null && after.priority > node.priority) after = after.prev;
    if (after === level.tail) {
      this.append(level, node);
      return;
    }
    const before = after === null ? level.head! : after.next!;
    node.prev = after;
    node.next = before;
    before.prev = node;
    if (after === null) level.head = node;
    else after.next = node;
    node.level = level;
    level.lots += node.openLots;
    level.count++;
  }

  remove(node: OrderNode): void {
    const level = node.level!;
    if (node.prev === null) level.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) level.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = null;
    node.next = null;
    node.level = null;
    const data = node.cols.data;
    level.lots -= data[node.slot + F_LOTS] - data[node.slot + F_DEALT_LOTS];
    level.count--;
    if (level.count === 0) this.dropLevel(level);
  }

  /** Open lots of a resting order fell by `lots` (a fill or an amend down that keeps its place). */
  shrink(node: OrderNode, lots: number): void {
    node.level!.lots -= lots;
  }

  /** Levels from the best outwards. */
  *levelsFromBest(): Generator<Level> {
    for (let i = this.ranked.length - 1; i >= 0; i--) yield this.ranked[i];
  }

  private append(level: Level, node: OrderNode): void {
    node.level = level;
    node.prev = level.tail;
    node.next = null;
    if (level.tail === null) level.head = node;
    else level.tail.next = node;
    level.tail = node;
    const data = node.cols.data;
    level.lots += data[node.slot + F_LOTS] - data[node.slot + F_DEALT_LOTS];
    level.count++;
  }

  private dropLevel(level: Level): void {
    this.levels.delete(level.ticks);
    const prices = this.prices;
    const last = prices.length - 1;
    if (prices[last] === level.ticks) {
      prices.pop();
      this.ranked.pop();
      return;
    }
    const at = this.indexOf(level.ticks);
    prices.splice(at, 1);
    this.ranked.splice(at, 1);
  }

  private insertLevel(level: Level): void {
    const prices = this.prices;
    const ticks = level.ticks;
    const n = prices.length;
    // New levels arrive mostly near the top of the book: check the end first.
    if (n === 0 || this.isBetter(ticks, prices[n - 1])) {
      prices.push(ticks);
      this.ranked.push(level);
      return;
    }
    const at = this.indexOf(ticks);
    prices.splice(at, 0, ticks);
    this.ranked.splice(at, 0, level);
  }

  /** The index of `ticks` in `prices`, or where it would go. */
  private indexOf(ticks: number): number {
    const prices = this.prices;
    let lo = 0;
    let hi = prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // The array runs worst to best: skip the prices worse than `ticks`.
      if (this.isBetter(ticks, prices[mid])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether price `a` is better than `b` on this side. */
  private isBetter(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }
}
