/**
 * Balances: per account and currency, available and frozen, in integer units of the currency.
 * Every unit that enters (a deposit) is either in some account or in the fee pot, which is the
 * conservation rule the property tests check.
 */

import type { DealtTrans } from '@ots/protocol';
import type { OrderNode } from './book.js';
import type { FillEvent } from './events.js';
import { FillRing } from './fill-ring.js';

/** The keys of an account that has finished no order yet. */
const EMPTY_KEYS = new Float64Array(0);

export class Account {
  readonly name: string;
  /** Synthetic market agents: no events, no journal, never in users' views. */
  readonly isAgent: boolean;
  readonly available: number[];
  readonly frozen: number[];
  /** Per currency, the engine's stamp of the command that last changed it (to report it once). */
  readonly touched: number[];
  /**
   * Open orders, in no order; each knows its index (`openIndex`). Removal moves the last one into
   * the gap: O(1), and it touches only that last order, which was opened recently and is likely
   * still in cache, where a linked list touched two neighbours opened at any time.
   */
  private readonly open: (OrderNode | undefined)[] = [];
  private openCount = 0;
  /**
   * Finished orders kept for reads: a ring of `retainPerAccount` slots (made on the first), oldest
   * at `finishedStart`, so retaining one moves no array and allocates nothing.
   */
  private finished: (OrderNode | undefined)[] | null = null;
  /** Per slot of `finished`: its closing time and id. */
  private finishedKeys: Float64Array = EMPTY_KEYS;
  private finishedStart = 0;
  private finishedCount = 0;
  /** Retained fills, made on the first (the engine's `retainPerAccount` is its size). */
  private fills: FillRing | null = null;

  constructor(name: string, isAgent: boolean, currencyCount: number) {
    this.name = name;
    this.isAgent = isAgent;
    this.available = new Array<number>(currencyCount).fill(0);
    this.frozen = new Array<number>(currencyCount).fill(0);
    this.touched = new Array<number>(currencyCount).fill(0);
  }

  addOpen(node: OrderNode): void {
    node.openIndex = this.openCount;
    this.open[this.openCount++] = node;
  }

  removeOpen(node: OrderNode): void {
    const open = this.open;
    const at = node.openIndex;
    const last = open[--this.openCount]!;
    open[at] = last;
    last.openIndex = at;
    open[this.openCount] = undefined;
    node.openIndex = -1;
  }

  /**
   * Keeps a finished order, ordered by (closing time, id) so that which ones are retained does not
   * depend on the order they finished within one command (a restore must retain the same ones).
   * Returns the order pushed out beyond `retain` (possibly `node` itself), if any.
   */
  retainFinished(node: OrderNode, retain: number): OrderNode | undefined {
    let ring = this.finished;
    if (ring === null) {
      ring = new Array<OrderNode | undefined>(retain).fill(undefined);
      this.finished = ring;
      this.finishedKeys = new Float64Array(retain * 2);
    }
    // Each slot's (closing time, id) sits beside the ring, so ordering reads no order (a cache
    // miss each for orders finished long ago).
    const keys = this.finishedKeys;
    const capacity = ring.length;
    const time = node.lastUpdateUs;
    const id = node.id;
    let old: OrderNode | undefined;
    if (this.finishedCount === capacity) {
      const s = this.finishedStart;
      if (time < keys[2 * s] || (time === keys[2 * s] && id < keys[2 * s + 1])) return node;
      old = ring[s];
      ring[s] = undefined;
      this.finishedStart = s + 1 === capacity ? 0 : s + 1;
      this.finishedCount--;
    }
    // Insertion from the newest end: a finished order is nearly always the newest.
    let k = this.finishedCount;
    while (k > 0) {
      const b = (this.finishedStart + k - 1) % capacity;
      if (keys[2 * b] < time || (keys[2 * b] === time && keys[2 * b + 1] < id)) break;
      const to = (this.finishedStart + k) % capacity;
      ring[to] = ring[b];
      keys[2 * to] = keys[2 * b];
      keys[2 * to + 1] = keys[2 * b + 1];
      k--;
    }
    const at = (this.finishedStart + k) % capacity;
    ring[at] = node;
    keys[2 * at] = time;
    keys[2 * at + 1] = id;
    this.finishedCount++;
    return old;
  }

  retainFill(fill: FillEvent, retain: number): void {
    if (this.fills === null) this.fills = new FillRing(retain);
    this.fills.push(fill);
  }

  /** A fill restored from a journal or snapshot. */
  retainStoredFill(fill: DealtTrans, retain: number): void {
    if (this.fills === null) this.fills = new FillRing(retain);
    this.fills.pushStored(fill);
  }

  /** Retained fills, oldest first. */
  retainedFills(): DealtTrans[] {
    return this.fills === null ? [] : this.fills.toArray(this.name);
  }

  /** Open and retained finished orders, oldest first. */
  retainedOrders(): OrderNode[] {
    const out: OrderNode[] = [];
    const ring = this.finished;
    if (ring !== null)
      for (let k = 0; k < this.finishedCount; k++) out.push(ring[(this.finishedStart + k) % ring.length]!);
    for (let i = 0; i < this.openCount; i++) out.push(this.open[i]!);
    return out.sort((x, y) => x.id - y.id);
  }
}

export class Ledger {
  readonly accounts = new Map<string, Account>();
  /** Fees collected, per currency. */
  readonly fees: number[];
  /** Everything ever deposited, per currency (BigInt: deposits add up across all accounts). */
  readonly deposits: bigint[];
  private readonly currencyCount: number;

  constructor(currencyCount: number) {
    this.currencyCount = currencyCount;
    this.fees = new Array<number>(currencyCount).fill(0);
    this.deposits = new Array<bigint>(currencyCount).fill(0n);
  }

  account(name: string): Account | undefined {
    return this.accounts.get(name);
  }

  /** The account, created empty on first use. */
  open(name: string, isAgent: boolean): Account {
    let account = this.accounts.get(name);
    if (account === undefined) {
      account = new Account(name, isAgent, this.currencyCount);
      this.accounts.set(name, account);
    }
    return account;
  }

  deposit(account: Account, currency: number, units: number): void {
    account.available[currency] += units;
    this.deposits[currency] += BigInt(units);
  }
}
