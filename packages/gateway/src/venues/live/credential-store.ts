/**
 * Live accounts' exchange keys (API key, secret and, for OKX, passphrase), stored encrypted with the
 * gateway's master key (AES-256-GCM, the account and its API key bound in as additional data, so a
 * sealed row copied onto another account does not decrypt). Secrets never leave this module except
 * to the ccxt client that signs with them; nothing here logs.
 */
import { OtsError } from '@ots/protocol';
import type { Database } from 'better-sqlite3';
import { openSecret, sealSecret } from '../../auth/secret-box.js';
import type { Credentials } from './ccxt-client.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS live_exchange_keys (
  account TEXT PRIMARY KEY,
  api_key TEXT NOT NULL,
  sealed TEXT NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/** What `ots accounts create okex/main --exchange okex` sends (never echoed back). */
export interface ExchangeKey {
  api_key: string;
  secret: string;
  /** OKX's passphrase; absent for exchanges without one. */
  passphrase?: string;
}

export class LiveCredentialStore {
  constructor(
    private readonly db: Database,
    private readonly masterKey: Buffer,
  ) {
    db.exec(SCHEMA);
  }

  /** Stores (or replaces) an account's exchange key. */
  set(account: string, key: ExchangeKey): void {
    for (const field of ['api_key', 'secret'] as const) {
      if (typeof key[field] !== 'string' || key[field].trim() === '') {
        throw new OtsError('invalid-param', `exchange_key.${field} of ${account} must be a non-empty string`);
      }
    }
    if (key.passphrase !== undefined && typeof key.passphrase !== 'string') {
      throw new OtsError(
        'invalid-param',
        `exchange_key.passphrase of ${account} must be a string when given`,
      );
    }
    const sealed = sealSecret(
      this.masterKey,
      `${account} ${key.api_key}`,
      JSON.stringify({ secret: key.secret, passphrase: key.passphrase }),
    );
    this.db
      .prepare(
        `INSERT INTO live_exchange_keys (account, api_key, sealed, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account) DO UPDATE SET api_key = excluded.api_key, sealed = excluded.sealed`,
      )
      .run(account, key.api_key, sealed, new Date().toISOString());
  }

  has(account: string): boolean {
    return this.db.prepare('SELECT 1 FROM live_exchange_keys WHERE account = ?').get(account) !== undefined;
  }

  /** The decrypted key for the account's ccxt client, or undefined when it has none. */
  get(account: string): Credentials | undefined {
    const row = this.db
      .prepare<[string], { api_key: string; sealed: string }>(
        'SELECT api_key, sealed FROM live_exchange_keys WHERE account = ?',
      )
      .get(account);
    if (!row) return undefined;
    const opened = JSON.parse(openSecret(this.masterKey, `${account} ${row.api_key}`, row.sealed)) as {
      secret: string;
      passphrase?: string;
    };
    return { apiKey: row.api_key, secret: opened.secret, password: opened.passphrase };
  }
}
