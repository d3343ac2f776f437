/**
 * The operator's operations on keys and accounts, in-process. The admin HTTP API (and through it
 * `ots keys` / `ots accounts`) calls these; tests and embedders call them on `gateway.admin`.
 * Every change is live at once: the next request sees it.
 */

import { OtsError, parseAccount } from '@ots/protocol';
import type { ApiKeySummary, CreatedKey, KeyStore } from '../auth/key-store.js';
import type { RateLimit } from '../auth/rate-limiter.js';
import type { AccountRecord, AccountStore } from '../trade/account-store.js';
import type { RiskLimits } from '../trade/risk-limits.js';
import type { TradeService } from '../trade/trade-service.js';
import type { Balance, TradeStore } from '../trade/trade-store.js';
import type { ExchangeKey } from '../venues/live/credential-store.js';

/** An exchange whose accounts the gateway creates and funds itself (the sim venue). */
export interface Funding {
  deposit(account: string, currency: string, amount: number): void;
}

export interface AdminDeps {
  keys: KeyStore;
  accounts: AccountStore;
  store: TradeStore;
  service: TradeService;
  /** The venue that funds accounts of `exchange`, if it can. */
  funding(exchange: string): Funding | undefined;
  /** Where live accounts' exchange keys are kept (encrypted); absent when live trading is off. */
  exchangeKeys?: { set(account: string, key: ExchangeKey): void };
}

export interface AccountSummary {
  account: string;
  halted: boolean;
  limits: RiskLimits;
  created_at: string;
  balances: Balance[];
}

export interface CreateKeyOptions {
  /** Account symbols the key may use (`sim/alice`); each must exist. */
  accounts: string[];
  /** A read-only key reads info, orders and fills but cannot place, amend or cancel. */
  readOnly?: boolean;
  /** This key's own rate limit; `{ ratePerSecond: 0, burst: 0 }` = unlimited. */
  rateLimit?: RateLimit;
}

/** Currency amounts such as `{ usdt: 100000, btc: 2 }`. */
export type Amounts = Record<string, number>;

/**
 * In-process administration:
 * - `createAccount('sim/alice', { usdt: 100000, btc: 2 })` → AccountSummary (idempotent; deposits add up)
 * - `deposit('sim/alice', { usdt: 10 })`, `listAccounts()`, `halt(account)` → cancelled count, `resume(account)`
 * - `setLimits('sim/alice', { max_order_amount: 5, price_band: 0.1 })` (null clears a limit)
 * - `createKey({ accounts: ['sim/alice'], readOnly?, rateLimit? })` → `{ api_key, api_secret, accounts }`
 * - `listKeys()` (never secrets), `revokeKey(api_key)` → boolean
 */
export class Admin {
  constructor(private readonly deps: AdminDeps) {}

  createAccount(account: string, deposit: Amounts = {}, exchangeKey?: ExchangeKey): AccountSummary {
    const symbol = parseAccount(account).symbol;
    const funding = this.fundingOf(symbol);
    checkAmounts(deposit);
    // A live account's key is stored (encrypted) before the account exists, so it never trades without it.
    if (exchangeKey) {
      if (!this.deps.exchangeKeys) {
        throw new OtsError(
          'not-allowed',
          `${symbol}: this gateway keeps no exchange keys (live trading is off)`,
        );
      }
      this.deps.exchangeKeys.set(symbol, exchangeKey);
    }
    this.deps.accounts.create(symbol);
    for (const [currency, amount] of Object.entries(deposit)) funding.deposit(symbol, currency, amount);
    return this.summary(symbol);
  }

  deposit(account: string, amounts: Amounts): AccountSummary {
    const record = this.deps.accounts.require(account);
    checkAmounts(amounts);
    if (Object.keys(amounts).length === 0)
      throw new OtsError('invalid-param', 'nothing to deposit: give currency=amount pairs');
    const funding = this.fundingOf(record.account);
    for (const [currency, amount] of Object.entries(amounts))
      funding.deposit(record.account, currency, amount);
    return this.summary(record.account);
  }

  listAccounts(): AccountSummary[] {
    return this.deps.accounts.list().map((a) => this.summary(a.account));
  }

  getAccount(account: string): AccountSummary {
    return this.summary(this.deps.accounts.require(account).account);
  }

  /** The kill switch: refuses new orders and cancels every open one. Returns how many it cancelled. */
  halt(account: string): Promise<number> {
    return this.deps.service.halt(account);
  }

  resume(account: string): AccountSummary {
    this.deps.service.resume(account);
    return this.summary(account);
  }

  setLimits(account: string, limits: Partial<Record<keyof RiskLimits, number | null>>): AccountSummary {
    this.deps.accounts.setLimits(account, limits);
    return this.summary(account);
  }

  createKey(options: CreateKeyOptions): CreatedKey {
    if (!Array.isArray(options.accounts) || options.accounts.length === 0) {
      throw new OtsError('invalid-param', 'a key needs accounts, e.g. --accounts sim/alice,sim/bob');
    }
    const accounts = options.accounts.map((a) => this.deps.accounts.require(parseAccount(a).symbol).account);
    if (options.rateLimit) checkRateLimit(options.rateLimit);
    return this.deps.keys.create({ accounts, readOnly: options.readOnly, rateLimit: options.rateLimit });
  }

  listKeys(): ApiKeySummary[] {
    return this.deps.keys.list();
  }

  revokeKey(apiKey: string): boolean {
    if (!this.deps.keys.revoke(apiKey)) throw new OtsError('invalid-param', `no key ${apiKey}`);
    return true;
  }

  private fundingOf(account: string): Funding {
    const { exchange } = parseAccount(account);
    const funding = this.deps.funding(exchange);
    if (!funding) {
      throw new OtsError(
        'invalid-param',
        `accounts on ${exchange} cannot be created here: the gateway creates and funds accounts of its sim exchange`,
      );
    }
    return funding;
  }

  private summary(account: string): AccountSummary {
    const record: AccountRecord = this.deps.accounts.require(account);
    return {
      account: record.account,
      halted: record.halted,
      limits: record.limits,
      created_at: record.created_at,
      balances: this.deps.store.balances(account),
    };
  }
}

function checkAmounts(amounts: Amounts): void {
  if (amounts === null || typeof amounts !== 'object' || Array.isArray(amounts)) {
    throw new OtsError(
      'invalid-param',
      'deposits must be an object of currency: amount, e.g. {"usdt": 100000}',
    );
  }
  for (const [currency, amount] of Object.entries(amounts)) {
    if (!/^[a-z0-9]{1,16}$/.test(currency)) {
      throw new OtsError(
        'invalid-param',
        `currency "${currency}" must be a lower-case code such as usdt or btc`,
      );
    }
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
      throw new OtsError(
        'invalid-param',
        `deposit of ${currency} must be a positive number, got ${JSON.stringify(amount)}`,
      );
    }
  }
}

function checkRateLimit(limit: RateLimit): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (!ok(limit.ratePerSecond) || !ok(limit.burst)) {
    throw new OtsError(
      'invalid-param',
      'rate_limit must be {"ratePerSecond": n, "burst": n} with n ≥ 0 (0 = unlimited)',
    );
  }
}
