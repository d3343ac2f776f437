/**
 * The master key: 32 bytes that encrypt every API secret at rest (AES-256-GCM).
 *
 * It comes from `OTS_MASTER_KEY` (64 hex characters or base64 of 32 bytes) or, when that is unset,
 * from `<dataDir>/master.key`, which the first start creates with mode 0600. Losing it makes every
 * stored API secret unreadable, so operators back it up apart from the data directory.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OtsError } from '@ots/protocol';

export const MASTER_KEY_FILE = 'master.key';

/** Reads a master key written as 64 hex characters or as base64 of exactly 32 bytes. */
export function parseMasterKey(text: string, origin: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new OtsError(
    'invalid-account-config',
    `${origin}: the master key must be 32 bytes written as 64 hex characters or as base64`,
  );
}

export interface MasterKeySource {
  key: Buffer;
  /** Where it came from, for the startup log (never the key itself). */
  origin: 'env' | 'file' | 'created';
  path?: string;
}

/**
 * Loads the master key: the environment wins; else the key file; else a new key file (0600).
 * `env` is the value of `OTS_MASTER_KEY` (passed in so that tests need not touch `process.env`).
 */
export function loadMasterKey(dataDir: string, env: string | undefined): MasterKeySource {
  if (env !== undefined && env.trim() !== '')
    return { key: parseMasterKey(env, 'OTS_MASTER_KEY'), origin: 'env' };
  const path = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(path))
    return { key: parseMasterKey(readFileSync(path, 'utf8'), path), origin: 'file', path };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // `wx` refuses to overwrite a key file another process created a moment ago.
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, origin: 'created', path };
}

export const OLD_MASTER_KEY_FILE = 'master.key.old';

/**
 * The master keys being rotated out: `OTS_MASTER_KEY_OLD` and/or `<dataDir>/master.key.old`.
 * Secrets still sealed with one of them are re-sealed with the current key at start.
 */
export function loadPreviousMasterKeys(dataDir: string, env: string | undefined): Buffer[] {
  const keys: Buffer[] = [];
  if (env !== undefined && env.trim() !== '') keys.push(parseMasterKey(env, 'OTS_MASTER_KEY_OLD'));
  const path = join(dataDir, OLD_MASTER_KEY_FILE);
  if (existsSync(path)) keys.push(parseMasterKey(readFileSync(path, 'utf8'), path));
  return keys;
}
