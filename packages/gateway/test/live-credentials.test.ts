/** Live accounts' exchange keys at rest: encrypted, bound to their account, never readable without the master key. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { LiveCredentialStore } from '../src/venues/live/credential-store.js';

test('an exchange key round-trips, and its secret and passphrase are not stored in clear', () => {
  const db = new Database(':memory:');
  const store = new LiveCredentialStore(db, randomBytes(32));
  store.set('okex/main', { api_key: 'k-123', secret: 'very-secret', passphrase: 'pass-phrase' });
  assert.deepEqual(store.get('okex/main'), {
    apiKey: 'k-123',
    secret: 'very-secret',
    password: 'pass-phrase',
  });
  assert.equal(store.get('okex/other'), undefined);
  const raw = JSON.stringify(db.prepare('SELECT * FROM live_exchange_keys').all());
  assert.doesNotMatch(raw, /very-secret|pass-phrase/);
  store.set('okex/main', { api_key: 'k-456', secret: 's2' });
  assert.deepEqual(store.get('okex/main'), { apiKey: 'k-456', secret: 's2', password: undefined });
});

test('a sealed key copied onto another account, or read with another master key, does not open', () => {
  const db = new Database(':memory:');
  const key = randomBytes(32);
  const store = new LiveCredentialStore(db, key);
  store.set('okex/a', { api_key: 'k', secret: 's' });
  store.set('okex/b', { api_key: 'k', secret: 't' });
  db.prepare(
    "UPDATE live_exchange_keys SET sealed = (SELECT sealed FROM live_exchange_keys WHERE account = 'okex/a') WHERE account = 'okex/b'",
  ).run();
  assert.throws(() => store.get('okex/b'), { code: 'invalid-account-config' });
  assert.throws(() => new LiveCredentialStore(db, randomBytes(32)).get('okex/a'), {
    code: 'invalid-account-config',
  });
});

test('a key without its secret is refused', () => {
  const store = new LiveCredentialStore(new Database(':memory:'), randomBytes(32));
  assert.throws(() => store.set('okex/main', { api_key: 'k', secret: '' }), {
    code: 'invalid-param',
    message: /secret/,
  });
});
