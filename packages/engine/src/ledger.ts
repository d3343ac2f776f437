/**
 * Balances: per account and currency, available and frozen, in integer units of the currency.
 * Every unit that enters (a deposit) is either in some account or in the fee pot, which is the
 * conservation rule the property tests check.
 */

import type { DealtTrans } from '@ots/protocol';
import type { OrderNode } from './book.js';
import { type FillEvent, recordOf } from './events.js';
import { FillRing } from './fill-ring.js';
import { type FinishedLog, FinishedRing, type RetainedOrder } from './finished-ring.js';
import type { Market } from './market.js';

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
  /** Finished orders kept for reads (made on the first; `retainPerAccount` is its size). */
  private finished: FinishedRing | null = null;
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
   * Keeps a copy of a finished order's final state in `log` (see `FinishedRing`: the newest
   * `retain` by closing time and id). The order's object is the engine's again afterwards.
   */
  retainFinished(node: OrderNode, retain: number, log: FinishedLog): void {
    if (this.finished === null) this.finished = new FinishedRing(retain);
    this.finished.retain(node, log);
  }

  /** The retained finished order `id` of `market`, or undefined. */
  finishedOrder(id: number, market: Market, log: FinishedLog): RetainedOrder | undefined {
    return this.finished?.find(id, market, log, this.name);
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
  retainedOrders(log: FinishedLog): RetainedOrder[] {
    const out: RetainedOrder[] = this.finished?.all(log, this.name) ?? [];
    for (let i = 0; i < this.openCount; i++) {
      const node = this.open[i]!;
      out.push({ record: recordOf(node), market: node.market });
    }
    return out.sort((x, y) => x.record.id - y.record.id);
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
