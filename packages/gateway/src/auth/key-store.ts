/**
 * API keys: the public `api_key`, its secret (sealed with the master key in SQLite, open only in
 * memory), the accounts it may use, read-only or not, an optional rate limit, and its nonce window.
 *
 * Every key is loaded at start and kept in memory, so the auth hot path never touches the disk for
 * a lookup; a created or revoked key changes the map at once.
 */
import { randomBytes } from 'node:crypto';
import { OtsError } from '@ots/protocol';
import type { Database, Statement } from 'better-sqlite3';
import { runWriteBatch, WriteBatch } from '../store/write-batch.js';
import { KeyNonceRows, parseNonceRow } from './nonce-rows.js';
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
`;

/**
 * Accepted nonces: each key's window as rows with no index but the row id, a row holding the nonces
 * one group commit accepted for one key (`nonce-rows.ts`). A commit writes one row per key it
 * serves, taking over (an UPDATE in place, by row id) a row whose nonces have all left the window,
 * so rows are reused in turn and a commit dirties about one page of this table per key; one row per
 * nonce cost an UPDATE per request, an index by key and nonce dirtied two pages plus b-tree and
 * free-list pages. Revoking a key (rare) scans the table.
 */
const NONCES_SCHEMA = `
CREATE TABLE IF NOT EXISTS api_nonces (
  seq INTEGER PRIMARY KEY,
  api_key TEXT NOT NULL,
  nonces TEXT NOT NULL
);
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
  /** Each key's nonce rows: which rows hold its window, and its accepted nonces not yet written. */
  private readonly nonceRows = new Map<string, KeyNonceRows>();
  /** The keys with accepted nonces not yet written, in the order of their first such nonce. */
  private pending: KeyNonceRows[] = [];
  private readonly newNonceSeq = () => this.nextNonceSeq++;
  /** The row id of the next new nonce row: ids are given here, so a batch knows them before it runs. */
  private nextNonceSeq: number;
  private readonly writeDirect: (batch: WriteBatch) => void;
  private readonly statements = new Map<string, Statement>();
  /** Runs before a write of this store on the main connection (the gateway waits for its commit thread). */
  private beforeWrite: () => void = () => {};

  constructor(
    private readonly db: Database,
    private readonly masterKey: Buffer,
    private readonly windowSize: number = DEFAULT_NONCE_WINDOW,
    /** Master keys being rotated out: secrets sealed with one of them are re-sealed with `masterKey`. */
    previousKeys: readonly Buffer[] = [],
  ) {
    db.exec(SCHEMA);
    upgradeOlderNonces(db);
    db.exec(NONCES_SCHEMA);
    this.writeDirect = db.transaction((batch: WriteBatch) => runWriteBatch(db, this.statements, batch));
    const rows = db.prepare('SELECT * FROM api_keys').all() as KeyRow[];
    this.rotate(rows, previousKeys);
    this.loadNonces(rows);
    this.nextNonceSeq =
      ((db.prepare('SELECT max(seq) FROM api_nonces').pluck().get() as number | null) ?? 0) + 1;
  }

  /**
   * Sets what runs before this store writes on the main connection: the gateway waits there for the
   * commit thread's batch in flight, which may hold nonce rows these writes must come after.
   */
  writeAfter(wait: () => void): void {
    this.beforeWrite = wait;
  }

  /**
   * Loads every key with its window, made of the largest `windowSize` nonces of its rows, and deletes
   * the rows no window needs: rows of revoked keys, and rows whose nonces have all left the window
   * (beyond a window made smaller since, or left for a later commit to take over).
   */
  private loadNonces(keyRows: readonly KeyRow[]): void {
    const byKey = new Map<string, Array<[seq: number, nonces: bigint[]]>>();
    for (const row of keyRows) byKey.set(row.api_key, []);
    const stale: number[] = [];
    const all = this.db.prepare('SELECT seq, api_key, nonces FROM api_nonces ORDER BY seq').raw();
    for (const [seq, apiKey, text] of all.iterate() as Iterable<[number, string, string]>) {
      const list = byKey.get(apiKey);
      if (list === undefined) stale.push(seq);
      else list.push([seq, parseNonceRow(text)]);
    }
    for (const row of keyRows) {
      const stored = byKey.get(row.api_key) ?? [];
      const nonces = stored.flatMap(([, ofRow]) => ofRow);
      const key = this.fromRow(row, nonces);
      const nonceRows = new KeyNonceRows(key.apiKey, key.window);
      for (const [seq, nonces] of stored) if (!nonceRows.restore(seq, nonces)) stale.push(seq);
      this.keys.set(key.apiKey, key);
      this.nonceRows.set(key.apiKey, nonceRows);
    }
    if (stale.length > 0) {
      const remove = this.db.prepare('DELETE FROM api_nonces WHERE seq = ?');
      this.db.transaction(() => {
        for (const seq of stale) remove.run(seq);
      })();
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
    this.nonceRows.set(key.apiKey, new KeyNonceRows(key.apiKey, key.window));
    return { api_key: key.apiKey, api_secret: secret, accounts: [...key.accounts] };
  }

  /** Removes a key; its next request answers `invalid-api-key`. */
  revoke(apiKey: string): boolean {
    // Its nonce rows may be in the commit thread's batch in flight: they are deleted after it.
    this.beforeWrite();
    const removed = this.db.transaction(() => {
      this.db.prepare('DELETE FROM api_nonces WHERE api_key = ?').run(apiKey);
      return this.db.prepare('DELETE FROM api_keys WHERE api_key = ?').run(apiKey).changes > 0;
    })();
    this.keys.delete(apiKey);
    this.nonceRows.delete(apiKey);
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
   * included); the nonce then waits with its key's rows until `flushNonces` or a trade's commit
   * writes it (one row per key and commit, `nonce-rows.ts`), which happens before
   * the reply is sent (in the same transaction as the request's trade, or on its own), so a request
   * replayed after a restart is still refused. Returns false for a used or stale nonce.
   */
  acceptNonce(key: ApiKey, nonce: bigint): boolean {
    const rows = this.nonceRows.get(key.apiKey);
    // A key revoked since it was looked up: its window still refuses, nothing is stored for it.
    if (rows === undefined) return key.window.accept(nonce) !== false;
    const wasPending = rows.hasPending;
    if (!rows.accept(nonce)) return false;
    if (!wasPending) this.pending.push(rows);
    return true;
  }

  /** Whether accepted nonces wait to be written. */
  get hasPendingNonces(): boolean {
    return this.pending.length > 0;
  }

  /** Writes the accepted nonces not yet on disk, now, in one transaction on the main connection. */
  flushNonces(): void {
    if (this.pending.length === 0) return;
    this.beforeWrite();
    const batch = new WriteBatch();
    // (`beforeWrite` may have written them already, with the trades they wait behind.)
    this.appendNonceWrites(batch);
    if (batch.size > 0) this.writeDirect(batch);
  }

  /**
   * Moves the accepted nonces not yet on disk into `batch` (a trade's commit carries the nonces of
   * the requests it answers): one write per key, a row of its nonces. The row it takes over holds
   * only nonces that left the window, all given to earlier batches (committed first).
   */
  appendNonceWrites(batch: WriteBatch): void {
    if (this.pending.length === 0) return;
    for (const rows of this.pending) {
      // A key revoked since: its nonces are gone with it.
      if (this.nonceRows.get(rows.apiKey) === rows) rows.writePending(batch, this.newNonceSeq);
    }
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

/**
 * Data directories of earlier builds: `api_nonces` keyed by (api_key, nonce) with no `seq` (development
 * builds) has its rows copied into the row layout, in one transaction; a `seq` table with one nonce
 * per row (column `nonce`) has the column renamed, its rows being rows of one nonce each.
 */
function upgradeOlderNonces(db: Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('api_nonces')").pluck().all() as string[];
  if (columns.length === 0 || columns.includes('nonces')) return;
  if (columns.includes('seq')) {
    db.exec('ALTER TABLE api_nonces RENAME COLUMN nonce TO nonces');
    return;
  }
  db.transaction(() => {
    db.exec('ALTER TABLE api_nonces RENAME TO api_nonces_first_layout');
    db.exec(NONCES_SCHEMA);
    db.exec('INSERT INTO api_nonces (api_key, nonces) SELECT api_key, nonce FROM api_nonces_first_layout');
    db.exec('DROP TABLE api_nonces_first_layout');
  })();
}
