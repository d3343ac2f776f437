/**
 * API keys: the public `api_key`, its secret (sealed with the master key in SQLite, open only in
 * memory), the accounts it may use, read-only or not, an optional rate limit, and its nonce window.
 *
 * Every key is loaded at start and kept in memory, so the auth hot path never touches the disk for
 * a lookup; a created or revoked key changes the map at once.
 */
import { randomBytes } from 'node:crypto';
import { OtsError } from '@ots/protocol';
import type { Database } from 'better-sqlite3';
import { DEFAULT_NONCE_WINDOW, NonceWindow } from './nonce-window.js';
import type { RateLimit } from './rate-limiter.js';
import { openSecret, sealSecret } from './secret-box.js';

export interface ApiKey {
  apiKey: string;
  /** The secret in clear: memory only, never logged, never served again. */
  secret: string;
  accounts: ReadonlySet<string>;
  readOnly: boolean;
  rateLimit?: RateLimit;
  createdAt: string;
  window: NonceWindow;
}

/** What `keys list` shows: everything but the secret. */
export interface ApiKeySummary {
  api_key: string;
  accounts: string[];
  read_only: boolean;
  rate_limit: RateLimit | null;
  created_at: string;
}

export interface CreatedKey {
  api_key: string;
  api_secret: string;
  accounts: string[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  api_key TEXT PRIMARY KEY,
  secret_sealed TEXT NOT NULL,
  accounts TEXT NOT NULL,
  read_only INTEGER NOT NULL,
  rate_limit TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_nonces (
  api_key TEXT NOT NULL,
  nonce TEXT NOT NULL,
  PRIMARY KEY (api_key, nonce)
) WITHOUT ROWID;
`;

interface KeyRow {
  api_key: string;
  secret_sealed: string;
  accounts: string;
  read_only: number;
  rate_limit: string | null;
  created_at: string;
}

export class KeyStore {
  private readonly keys = new Map<string, ApiKey>();
  private readonly insertNonce;
  private readonly deleteNonce;
  private readonly writePending: (rows: Array<[string, string, string | undefined]>) => void;
  /** Accepted nonces not yet written: [api_key, nonce, evicted nonce]. */
  private pending: Array<[string, string, string | undefined]> = [];

  constructor(
    private readonly db: Database,
    private readonly masterKey: Buffer,
    private readonly windowSize: number = DEFAULT_NONCE_WINDOW,
    /** Master keys being rotated out: secrets sealed with one of them are re-sealed with `masterKey`. */
    previousKeys: readonly Buffer[] = [],
  ) {
    db.exec(SCHEMA);
    this.insertNonce = db.prepare('INSERT OR IGNORE INTO api_nonces (api_key, nonce) VALUES (?, ?)');
    this.deleteNonce = db.prepare('DELETE FROM api_nonces WHERE api_key = ? AND nonce = ?');
    this.writePending = db.transaction((rows: Array<[string, string, string | undefined]>) => {
      for (const [apiKey, nonce, evicted] of rows) {
        this.insertNonce.run(apiKey, nonce);
        // The eviction keeps the table bounded to the window.
        if (evicted !== undefined) this.deleteNonce.run(apiKey, evicted);
      }
    });
    const rows = db.prepare('SELECT * FROM api_keys').all() as KeyRow[];
    this.rotate(rows, previousKeys);
    const nonces = db.prepare('SELECT nonce FROM api_nonces WHERE api_key = ?').pluck();
    for (const row of rows) {
      const stored = (nonces.all(row.api_key) as string[]).map((n) => BigInt(n));
      this.keys.set(row.api_key, this.fromRow(row, stored));
    }
  }

  /**
   * Master key rotation: every secret that does not open with the current master key but opens with
   * a previous one is re-sealed with the current key, all in one transaction (so a crash leaves
   * either every secret under the old key or every one under the new). A secret that opens with
   * none stops the start with a message (wrong key: nothing is changed).
   */
  private rotate(rows: KeyRow[], previousKeys: readonly Buffer[]): void {
    const update = this.db.prepare('UPDATE api_keys SET secret_sealed = ? WHERE api_key = ?');
    const changes: Array<[KeyRow, string]> = [];
    for (const row of rows) {
      try {
        openSecret(this.masterKey, row.api_key, row.secret_sealed);
      } catch (err) {
        let secret: string | undefined;
        for (const old of previousKeys) {
          try {
            secret = openSecret(old, row.api_key, row.secret_sealed);
            break;
          } catch {
            // try the next one
          }
        }
        if (secret === undefined) throw err;
        changes.push([row, sealSecret(this.masterKey, row.api_key, secret)]);
      }
    }
    this.db.transaction(() => {
      for (const [row, sealed] of changes) {
        update.run(sealed, row.api_key);
        row.secret_sealed = sealed;
      }
    })();
  }

  get(apiKey: string): ApiKey | undefined {
    return this.keys.get(apiKey);
  }

  /**
   * Issues a key. `apiKey`/`secret` import an existing pair (a 1Token key kept by its clients'
   * configuration); by default both are random.
   */
  create(options: {
    accounts: string[];
    readOnly?: boolean;
    rateLimit?: RateLimit;
    apiKey?: string;
    secret?: string;
  }): CreatedKey {
    if (options.accounts.length === 0)
      throw new OtsError('invalid-param', 'a key needs at least one account');
    const row: KeyRow = {
      api_key: options.apiKey ?? randomBytes(16).toString('hex'),
      secret_sealed: '',
      accounts: JSON.stringify([...new Set(options.accounts)]),
      read_only: options.readOnly ? 1 : 0,
      rate_limit: options.rateLimit ? JSON.stringify(options.rateLimit) : null,
      created_at: new Date().toISOString(),
    };
    if (this.keys.has(row.api_key)) throw new OtsError('invalid-param', `key ${row.api_key} exists already`);
    const secret = options.secret ?? randomBytes(32).toString('base64url');
    if (secret.length < 8)
      throw new OtsError('invalid-param', 'an imported secret must have at least 8 characters');
    row.secret_sealed = sealSecret(this.masterKey, row.api_key, secret);
    this.db
      .prepare(
        `INSERT INTO api_keys (api_key, secret_sealed, accounts, read_only, rate_limit, created_at)
         VALUES (@api_key, @secret_sealed, @accounts, @read_only, @rate_limit, @created_at)`,
      )
      .run(row);
    const key = this.fromRow(row, [], secret);
    this.keys.set(key.apiKey, key);
    return { api_key: key.apiKey, api_secret: secret, accounts: [...key.accounts] };
  }

  /** Removes a key; its next request answers `invalid-api-key`. */
  revoke(apiKey: string): boolean {
    const removed = this.db.transaction(() => {
      this.db.prepare('DELETE FROM api_nonces WHERE api_key = ?').run(apiKey);
      return this.db.prepare('DELETE FROM api_keys WHERE api_key = ?').run(apiKey).changes > 0;
    })();
    this.keys.delete(apiKey);
    return removed;
  }

  list(): ApiKeySummary[] {
    return [...this.keys.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.apiKey.localeCompare(b.apiKey))
      .map((k) => ({
        api_key: k.apiKey,
        accounts: [...k.accounts],
        read_only: k.readOnly,
        rate_limit: k.rateLimit ?? null,
        created_at: k.createdAt,
      }));
  }

  /**
   * Accepts a nonce for a key: the in-memory window refuses a replay at once (concurrent requests
   * included); the nonce then waits in `pending` until `flushNonces` writes it, which happens before
   * the reply is sent (in the same transaction as the request's trade, or on its own), so a request
   * replayed after a restart is still refused. Returns false for a used or stale nonce.
   */
  acceptNonce(key: ApiKey, nonce: bigint): boolean {
    const accepted = key.window.accept(nonce);
    if (!accepted) return false;
    this.pending.push([key.apiKey, nonce.toString(), accepted.evicted?.toString()]);
    return true;
  }

  /** Writes the accepted nonces not yet on disk, in one transaction (joining an open one). */
  flushNonces(): void {
    if (this.pending.length === 0) return;
    this.writePending(this.pending);
    this.pending = [];
  }

  private fromRow(row: KeyRow, nonces: bigint[], secret?: string): ApiKey {
    return {
      apiKey: row.api_key,
      secret: secret ?? openSecret(this.masterKey, row.api_key, row.secret_sealed),
      accounts: new Set(JSON.parse(row.accounts) as string[]),
      readOnly: row.read_only === 1,
      rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : undefined,
      createdAt: row.created_at,
      window: new NonceWindow(this.windowSize, nonces),
    };
  }
}
