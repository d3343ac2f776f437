/**
 * Trading accounts (`sim/alice`): which exist, their risk limits and whether an operator halted them.
 * Kept in memory and written through to SQLite, so a change is live at once and survives restarts.
 */

import { OtsError } from '@ots/protocol';
import type { Database } from 'better-sqlite3';
import { parseRiskLimits, type RiskLimits } from './risk-limits.js';

export interface AccountRecord {
  account: string;
  exchange: string;
  name: string;
  halted: boolean;
  limits: RiskLimits;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trade_accounts (
  account TEXT PRIMARY KEY,
  halted INTEGER NOT NULL DEFAULT 0,
  limits TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
`;

/** Splits `exchange/name` on the first slash (reference §2.2); both parts non-empty. */
export function splitAccount(account: string): { exchange: string; name: string } {
  const at = account.indexOf('/');
  const exchange = account.slice(0, at);
  const name = account.slice(at + 1);
  if (at <= 0 || !name || !/^[a-z0-9_.-]+$/i.test(exchange) || !/^[A-Za-z0-9_.\-/]+$/.test(name)) {
    throw new OtsError('invalid-param', `account "${account}" must look like exchange/name, e.g. sim/alice`);
  }
  return { exchange, name };
}

export class AccountStore {
  private readonly accounts = new Map<string, AccountRecord>();

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    const rows = db.prepare('SELECT * FROM trade_accounts').all() as Array<{
      account: string;
      halted: number;
      limits: string;
      created_at: string;
    }>;
    for (const row of rows) {
      this.accounts.set(row.account, {
        account: row.account,
        ...splitAccount(row.account),
        halted: row.halted === 1,
        limits: JSON.parse(row.limits) as RiskLimits,
        created_at: row.created_at,
      });
    }
  }

  get(account: string): AccountRecord | undefined {
    return this.accounts.get(account);
  }

  /** The account or `account-not-exist`. */
  require(account: string): AccountRecord {
    const found = this.accounts.get(account);
    if (!found)
      throw new OtsError(
        'account-not-exist',
        `no account ${account}; an operator creates it with ots accounts create`,
      );
    return found;
  }

  list(): AccountRecord[] {
    return [...this.accounts.values()].sort((a, b) => a.account.localeCompare(b.account));
  }

  /** Creates an account; returns false when it existed already (creation is idempotent). */
  create(account: string): boolean {
    const parts = splitAccount(account);
    if (this.accounts.has(account)) return false;
    const record: AccountRecord = {
      account,
      ...parts,
      halted: false,
      limits: {},
      created_at: new Date().toISOString(),
    };
    this.db
      .prepare('INSERT INTO trade_accounts (account, halted, limits, created_at) VALUES (?, 0, ?, ?)')
      .run(account, '{}', record.created_at);
    this.accounts.set(account, record);
    return true;
  }

  setHalted(account: string, halted: boolean): AccountRecord {
    const record = this.require(account);
    this.db.prepare('UPDATE trade_accounts SET halted = ? WHERE account = ?').run(halted ? 1 : 0, account);
    record.halted = halted;
    return record;
  }

  /** Merges limits (a `null` value clears one) and returns the account. */
  setLimits(account: string, change: unknown): AccountRecord {
    const record = this.require(account);
    const limits = parseRiskLimits(change, record.limits);
    this.db
      .prepare('UPDATE trade_accounts SET limits = ? WHERE account = ?')
      .run(JSON.stringify(limits), account);
    record.limits = limits;
    return record;
  }
}
