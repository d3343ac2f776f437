/**
 * Encrypts API secrets at rest with AES-256-GCM under the master key.
 * Sealed form: `v1:` + base64(12-byte IV | 16-byte tag | ciphertext). The API key is bound in as
 * additional data, so a sealed secret copied onto another key's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { OtsError } from '@ots/protocol';
import type { Database } from 'better-sqlite3';

const VERSION = 'v1:';

export function sealSecret(masterKey: Buffer, apiKey: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(apiKey, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function openSecret(masterKey: Buffer, apiKey: string, sealed: string): string {
  if (!sealed.startsWith(VERSION)) {
    throw new OtsError('invalid-account-config', `the stored secret of key ${apiKey} has an unknown format`);
  }
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(apiKey, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new OtsError(
      'invalid-account-config',
      `the stored secret of key ${apiKey} does not decrypt with this master key (wrong OTS_MASTER_KEY or master.key?)`,
    );
  }
}

/**
 * Master key rotation for a table of sealed secrets: every row that does not open with `current`
 * but opens with one of `previous` is re-sealed with `current`, all in one transaction. A row that
 * opens with none is left as it is (its reader reports it). Returns how many rows were re-sealed.
 */
export function resealRows(
  db: Database,
  table: { name: string; key: string; sealed: string; aad: (row: Record<string, string>) => string },
  current: Buffer,
  previous: readonly Buffer[],
): number {
  if (previous.length === 0) return 0;
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table.name);
  if (!exists) return 0;
  const rows = db.prepare(`SELECT * FROM ${table.name}`).all() as Array<Record<string, string>>;
  const update = db.prepare(`UPDATE ${table.name} SET ${table.sealed} = ? WHERE ${table.key} = ?`);
  const changes: Array<[string, string]> = [];
  for (const row of rows) {
    const aad = table.aad(row);
    try {
      openSecret(current, aad, row[table.sealed]);
    } catch {
      for (const old of previous) {
        try {
          changes.push([sealSecret(current, aad, openSecret(old, aad, row[table.sealed])), row[table.key]]);
          break;
        } catch {
          // try the next key
        }
      }
    }
  }
  db.transaction(() => {
    for (const [sealed, key] of changes) update.run(sealed, key);
  })();
  return changes.length;
}
