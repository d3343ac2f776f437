import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KeyStore } from '../src/auth/key-store.js';
import { loadMasterKey, parseMasterKey } from '../src/auth/master-key.js';
import { openSecret, resealRows, sealSecret } from '../src/auth/secret-box.js';
import { openDb, tempDir } from './support/trade-tmp.js';

test('the first start creates master.key with mode 0600 and later starts read the same key', (t) => {
  const dir = tempDir(t);
  const first = loadMasterKey(dir, undefined);
  assert.equal(first.origin, 'created');
  assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
  const second = loadMasterKey(dir, undefined);
  assert.equal(second.origin, 'file');
  assert.deepEqual(second.key, first.key);
});

test('OTS_MASTER_KEY wins over the file and is read as hex or base64; other lengths are refused', (t) => {
  const dir = tempDir(t);
  const hex = 'ab'.repeat(32);
  assert.deepEqual(loadMasterKey(dir, hex).key, Buffer.from(hex, 'hex'));
  const b64 = Buffer.alloc(32, 7).toString('base64');
  assert.deepEqual(loadMasterKey(dir, b64).key, Buffer.alloc(32, 7));
  assert.throws(() => parseMasterKey('abcd', 'OTS_MASTER_KEY'), /32 bytes/);
});

test('a sealed secret opens only with the same master key and the same api key', () => {
  const master = Buffer.alloc(32, 1);
  const sealed = sealSecret(master, 'key-a', 'the-secret');
  assert.ok(!sealed.includes('the-secret'));
  assert.equal(openSecret(master, 'key-a', sealed), 'the-secret');
  assert.throws(() => openSecret(Buffer.alloc(32, 2), 'key-a', sealed), /does not decrypt/);
  assert.throws(() => openSecret(master, 'key-b', sealed), /does not decrypt/);
});

test('keys survive a restart with their secret encrypted at rest, and revoked keys are gone', (t) => {
  const dir = tempDir(t);
  const master = loadMasterKey(dir, undefined).key;
  let db = openDb(dir);
  const store = new KeyStore(db, master);
  const created = store.create({ accounts: ['sim/alice', 'sim/bob'], readOnly: true });
  const other = store.create({ accounts: ['sim/carol'], rateLimit: { ratePerSecond: 5, burst: 5 } });
  assert.deepEqual(created.accounts, ['sim/alice', 'sim/bob']);
  assert.ok(created.api_secret.length >= 32);
  db.close();

  const file = readFileSync(join(dir, 'ots.sqlite'));
  assert.ok(!file.includes(created.api_secret), 'the secret is not stored in clear');

  db = openDb(dir);
  t.after(() => db.close());
  const reopened = new KeyStore(db, master);
  const key = reopened.get(created.api_key);
  assert.ok(key);
  assert.equal(key.secret, created.api_secret);
  assert.equal(key.readOnly, true);
  assert.deepEqual([...key.accounts], ['sim/alice', 'sim/bob']);
  assert.deepEqual(reopened.get(other.api_key)?.rateLimit, { ratePerSecond: 5, burst: 5 });
  const listed = reopened.list();
  assert.equal(listed.length, 2);
  assert.ok(!JSON.stringify(listed).includes(created.api_secret), 'list never shows secrets');

  assert.equal(reopened.revoke(created.api_key), true);
  assert.equal(reopened.get(created.api_key), undefined);
  assert.equal(new KeyStore(db, master).get(created.api_key), undefined);
});

test('accepted nonces survive a restart: a replay after restart is refused', (t) => {
  const dir = tempDir(t);
  const master = Buffer.alloc(32, 3);
  let db = openDb(dir);
  const store = new KeyStore(db, master, 3);
  const { api_key } = store.create({ accounts: ['sim/alice'] });
  const key = store.get(api_key)!;
  for (const n of [10n, 20n, 30n, 40n]) assert.equal(store.acceptNonce(key, n), true);
  assert.equal(store.acceptNonce(key, 30n), false);
  store.flushNonces();
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const again = new KeyStore(db, master, 3);
  const reloaded = again.get(api_key)!;
  assert.deepEqual(reloaded.window.values(), [20n, 30n, 40n]);
  assert.equal(again.acceptNonce(reloaded, 40n), false, 'used');
  assert.equal(again.acceptNonce(reloaded, 10n), false, 'older than the window');
  assert.equal(again.acceptNonce(reloaded, 35n), true, 'fresh, arrived out of order');
  again.flushNonces();
  assert.ok((db.prepare('SELECT count(*) FROM api_nonces').pluck().get() as number) <= 3 + 1, 'bounded');
  db.close();

  db = openDb(dir);
  const third = new KeyStore(db, master, 3);
  assert.deepEqual(third.get(api_key)?.window.values(), [30n, 35n, 40n], 'the out-of-order one kept too');
});

test('master key rotation: secrets sealed with the previous key are re-sealed with the new one at start', (t) => {
  const dir = tempDir(t);
  const oldKey = Buffer.alloc(32, 1);
  const newKey = Buffer.alloc(32, 2);
  let db = openDb(dir);
  const created = new KeyStore(db, oldKey).create({ accounts: ['sim/alice'] });
  db.close();

  db = openDb(dir);
  assert.throws(() => new KeyStore(db, newKey), /does not decrypt/, 'a wrong key alone stops the start');
  const rotated = new KeyStore(db, newKey, 1000, [oldKey]);
  assert.equal(rotated.get(created.api_key)?.secret, created.api_secret);
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  assert.equal(
    new KeyStore(db, newKey).get(created.api_key)?.secret,
    created.api_secret,
    'the old key is no longer needed',
  );
  assert.throws(() => new KeyStore(db, oldKey), /does not decrypt/);
});

test('master key rotation re-seals rows of other sealed tables (live exchange keys) too', (t) => {
  const dir = tempDir(t);
  const db = openDb(dir);
  t.after(() => db.close());
  const oldKey = Buffer.alloc(32, 1);
  const newKey = Buffer.alloc(32, 2);
  db.exec('CREATE TABLE sealed_things (account TEXT PRIMARY KEY, api_key TEXT, sealed TEXT)');
  db.prepare('INSERT INTO sealed_things VALUES (?, ?, ?)').run(
    'okex/main',
    'k1',
    sealSecret(oldKey, 'okex/main k1', 's3cret'),
  );
  const table = {
    name: 'sealed_things',
    key: 'account',
    sealed: 'sealed',
    aad: (r: Record<string, string>) => `${r.account} ${r.api_key}`,
  };
  assert.equal(resealRows(db, table, newKey, [oldKey]), 1);
  const sealed = db.prepare('SELECT sealed FROM sealed_things').pluck().get() as string;
  assert.equal(openSecret(newKey, 'okex/main k1', sealed), 's3cret');
  assert.equal(resealRows(db, table, newKey, [oldKey]), 0, 'nothing left to re-seal');
  assert.equal(resealRows(db, { ...table, name: 'no_such_table' }, newKey, [oldKey]), 0);
});
