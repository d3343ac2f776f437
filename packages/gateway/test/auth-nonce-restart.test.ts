import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from 'better-sqlite3';
import { KeyStore } from '../src/auth/key-store.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const MASTER = Buffer.alloc(32, 5);
const rowCount = (db: Database) => db.prepare('SELECT count(*) FROM api_nonces').pluck().get() as number;

test('every nonce ever accepted is refused after a restart, those pushed out of the window included', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const store = new KeyStore(db, MASTER, 3);
  const { api_key } = store.create({ accounts: ['sim/alice'] });
  const key = store.get(api_key)!;
  // Flushed one by one (one request per commit) and, for the last ones, several per commit, with
  // evictions of nonces accepted in the same commit.
  for (const n of [1n, 2n, 3n, 4n]) {
    assert.equal(store.acceptNonce(key, n), true);
    store.flushNonces();
  }
  for (const n of [9n, 5n, 6n, 10n, 8n]) assert.equal(store.acceptNonce(key, n), true, String(n));
  store.flushNonces();
  assert.equal(rowCount(db), 3, 'the table holds the window only');
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const again = new KeyStore(db, MASTER, 3);
  const reloaded = again.get(api_key)!;
  assert.deepEqual(reloaded.window.values(), [8n, 9n, 10n]);
  for (const n of [1n, 2n, 3n, 4n, 5n, 6n, 8n, 9n, 10n])
    assert.equal(again.acceptNonce(reloaded, n), false, `${n} was used`);
  assert.equal(again.acceptNonce(reloaded, 7n), false, 'below the window: refused');
  assert.equal(again.acceptNonce(reloaded, 11n), true);
  again.flushNonces();
  assert.equal(rowCount(db), 3);
});

test('keys keep their own windows across a restart, and a revoked key leaves no nonce behind', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const store = new KeyStore(db, MASTER, 2);
  const a = store.get(store.create({ accounts: ['sim/alice'] }).api_key)!;
  const b = store.get(store.create({ accounts: ['sim/bob'] }).api_key)!;
  for (const n of [100n, 200n, 300n]) store.acceptNonce(a, n);
  for (const n of [5n, 6n]) store.acceptNonce(b, n);
  store.flushNonces();
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const again = new KeyStore(db, MASTER, 2);
  assert.deepEqual(again.get(a.apiKey)?.window.values(), [200n, 300n]);
  assert.deepEqual(again.get(b.apiKey)?.window.values(), [5n, 6n]);
  assert.equal(again.acceptNonce(again.get(b.apiKey)!, 100n), true, 'another key’s nonce is fresh here');
  again.flushNonces();
  assert.equal(again.revoke(b.apiKey), true);
  assert.equal(rowCount(db), 2, 'only the remaining key’s window');
});

test('a smaller window at start keeps the largest nonces and still refuses the rest', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const store = new KeyStore(db, MASTER, 5);
  const key = store.get(store.create({ accounts: ['sim/alice'] }).api_key)!;
  for (const n of [1n, 2n, 3n, 4n, 5n]) store.acceptNonce(key, n);
  store.flushNonces();
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const again = new KeyStore(db, MASTER, 2);
  const reloaded = again.get(key.apiKey)!;
  assert.deepEqual(reloaded.window.values(), [4n, 5n]);
  assert.equal(rowCount(db), 2);
  assert.equal(again.acceptNonce(reloaded, 3n), false);
  assert.equal(again.acceptNonce(reloaded, 6n), true);
});

test('a development data directory with the first nonce layout keeps its nonces', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const store = new KeyStore(db, MASTER, 3);
  const key = store.get(store.create({ accounts: ['sim/alice'] }).api_key)!;
  db.exec(`DROP TABLE api_nonces;
    CREATE TABLE api_nonces (api_key TEXT NOT NULL, nonce TEXT NOT NULL, PRIMARY KEY (api_key, nonce)) WITHOUT ROWID;`);
  const insert = db.prepare('INSERT INTO api_nonces (api_key, nonce) VALUES (?, ?)');
  for (const n of ['17640000000000001', '17640000000000002', '99999999999999999999999'])
    insert.run(key.apiKey, n);
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const again = new KeyStore(db, MASTER, 3);
  const reloaded = again.get(key.apiKey)!;
  assert.deepEqual(reloaded.window.values(), [
    17640000000000001n,
    17640000000000002n,
    99999999999999999999999n,
  ]);
  assert.equal(again.acceptNonce(reloaded, 17640000000000002n), false);
  assert.equal(again.acceptNonce(reloaded, 100000000000000000000000n), true);
  again.flushNonces();
  assert.equal(rowCount(db), 3);
});
