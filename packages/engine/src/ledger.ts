/**
 * Balances: per account and currency, available and frozen, in integer units of the currency.
 * Every unit that enters (a deposit) is either in some account or in the fee pot, which is the
 * conservation rule the property tests check.
 */
import type { OrderNode } from './book.js';
import type { StoredFill } from './events.js';

export class Account {
  readonly name: string;
  /** Synthetic market agents: no events, no journal, never in users' views. */
  readonly isAgent: boolean;
  readonly available: number[];
  readonly frozen: number[];
  /** The user's retained orders, oldest first (agents keep none). */
  orders: OrderNode[] = [];
  readonly byClientOid = new Map<string, OrderNode>();
  fills: StoredFill[] = [];
  /** Retention: prune finished orders when `orders` reaches this length. */
  pruneAt = 0;

  constructor(name: string, isAgent: boolean, currencyCount: number) {
    this.name = name;
    this.isAgent = isAgent;
    this.available = new Array<number>(currencyCount).fill(0);
    this.frozen = new Array<number>(currencyCount).fill(0);
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
