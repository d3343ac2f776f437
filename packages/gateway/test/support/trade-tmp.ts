/** Temporary data directories and SQLite files for the trade tests (removed when the test ends). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'ots-trade-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens `<dir>/ots.sqlite` the way the gateway does (WAL, synchronous=NORMAL). */
export function openDb(dir: string): Database.Database {
  const db = new Database(join(dir, 'ots.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
