import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from 'better-sqlite3';
import { KeyStore } from '../src/auth/key-store.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const MASTER = Buffer.alloc(32, 5);
const rowCount = (db: Database) => db.prepare('SELECT count(*) FROM api_nonces').pluck().get() as number;
const rowsOf = (db: Database, apiKey: string) =>
  db.prepare('SELECT count(*) FROM api_nonces WHERE api_key = ?').pluck().get(apiKey) as number;

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
  const before = rowCount(db);
  for (const n of [9n, 5n, 6n, 10n, 8n]) assert.equal(store.acceptNonce(key, n), true, String(n));
  store.flushNonces();
  assert.ok(rowCount(db) <= before + 1, 'a commit writes one row per key, however many nonces it holds');
  assert.ok(rowCount(db) <= 3 + 1, 'the table holds about the window');
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
  assert.ok(rowCount(db) <= 3 + 1);
  db.close();

  // A second restart, from rows written both before and after the first.
  db = openDb(dir);
  const third = new KeyStore(db, MASTER, 3);
  assert.deepEqual(third.get(api_key)?.window.values(), [9n, 10n, 11n]);
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
  assert.ok(rowsOf(db, b.apiKey) > 0);
  assert.equal(again.revoke(b.apiKey), true);
  assert.equal(rowsOf(db, b.apiKey), 0, 'the revoked key’s nonces are gone');
  assert.ok(rowsOf(db, a.apiKey) > 0, 'the other key keeps its own');
  db.close();

  db = openDb(dir);
  const third = new KeyStore(db, MASTER, 2);
  assert.deepEqual(third.get(a.apiKey)?.window.values(), [200n, 300n]);
  assert.equal(third.get(b.apiKey), undefined);
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
  assert.equal(again.acceptNonce(reloaded, 3n), false);
  assert.equal(again.acceptNonce(reloaded, 6n), true);
  again.flushNonces();
  db.close();

  db = openDb(dir);
  assert.deepEqual(new KeyStore(db, MASTER, 2).get(key.apiKey)?.window.values(), [5n, 6n]);
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
  assert.ok(rowCount(db) <= 3 + 1);
  db.close();

  db = openDb(dir);
  assert.deepEqual(new KeyStore(db, MASTER, 3).get(key.apiKey)?.window.values(), [
    17640000000000002n,
    99999999999999999999999n,
    100000000000000000000000n,
  ]);
});

test('a data directory with one nonce per row (the layout before rows of a commit) keeps its nonces', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const store = new KeyStore(db, MASTER, 3);
  const key = store.get(store.create({ accounts: ['sim/alice'] }).api_key)!;
  const other = store.get(store.create({ accounts: ['sim/bob'] }).api_key)!;
  db.exec(`DROP TABLE api_nonces;
    CREATE TABLE api_nonces (seq INTEGER PRIMARY KEY, api_key TEXT NOT NULL, nonce TEXT NOT NULL);`);
  const insert = db.prepare('INSERT INTO api_nonces (seq, api_key, nonce) VALUES (?, ?, ?)');
  // Rows taken over out of order, as that layout did; one nonce already out of the window.
  insert.run(1, key.apiKey, '638362368000000004');
  insert.run(2, key.apiKey, '638362368000000001');
  insert.run(3, other.apiKey, '7');
  insert.run(4, key.apiKey, '638362368000000003');
  insert.run(5, key.apiKey, '638362368000000002');
  db.close();

  db = openDb(dir);
  const again = new KeyStore(db, MASTER, 3);
  const reloaded = again.get(key.apiKey)!;
  assert.deepEqual(reloaded.window.values(), [638362368000000002n, 638362368000000003n, 638362368000000004n]);
  assert.deepEqual(again.get(other.apiKey)?.window.values(), [7n]);
  assert.equal(again.acceptNonce(reloaded, 638362368000000001n), false, 'below the window');
  assert.equal(again.acceptNonce(reloaded, 638362368000000003n), false, 'used');
  for (const n of [638362368000000006n, 638362368000000005n])
    assert.equal(again.acceptNonce(reloaded, n), true);
  again.flushNonces();
  assert.ok(rowsOf(db, key.apiKey) <= 3 + 1, 'the old rows are taken over or dropped, not kept forever');
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const third = new KeyStore(db, MASTER, 3);
  assert.deepEqual(third.get(key.apiKey)?.window.values(), [
    638362368000000004n,
    638362368000000005n,
    638362368000000006n,
  ]);
  assert.deepEqual(third.get(other.apiKey)?.window.values(), [7n]);
});
