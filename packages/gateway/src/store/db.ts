/**
 * The embedded store: one SQLite file, `<dataDir>/ots.sqlite`, in WAL mode with
 * `synchronous=NORMAL` (a committed transaction survives a killed process; FULL costs ~13x per
 * commit). Each store module creates its own tables in its constructor, so there is no shared
 * migration list: adding a store is adding a module.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const DB_FILE = 'ots.sqlite';

/** Creates the data directory if needed and opens (or creates) the store in it. */
export function openDatabase(dataDir: string): Db {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
