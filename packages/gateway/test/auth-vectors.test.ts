/**
 * The six signature vectors of the protocol (PYSDK sign_test.py and the docs' example requests),
 * checked by the gateway's own authenticator: the secret, verb, path, nonce and body as the vector
 * gives them, with the expected signature as the client's Api-Signature.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OtsError } from '@ots/protocol';
import { Authenticator } from '../src/auth/authenticate.js';
import { KeyStore } from '../src/auth/key-store.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const VECTORS = [
  {
    secret: 'this-is-long-secret',
    verb: 'GET',
    path: '/okex/demo/info',
    nonce: 'this-is-nonce',
    body: '',
    account: 'okex/demo',
    signature: 'bf676b208d1b90e2763b0206f8426fc66583b07281a0368c97a9ee71e098e33e',
  },
  {
    secret: 'this-is-long-secret',
    verb: 'POST',
    path: '/okex/demo/info',
    nonce: 'this-is-nonce',
    body: '{"price": 0.1,     "amount": 0.2}',
    account: 'okex/demo',
    signature: 'd75535f8f5e2d21dd5e5a0e8609ef56e3177d55f661dfc51b458b9d7ada711dc',
  },
  {
    // Signed over the sorted Python form; sent as the client built it (unsorted).
    secret: 'test-secret',
    verb: 'POST',
    path: '/huobip/zannb/orders',
    nonce: '1527152000000000',
    body: '{"contract": "huobip/btc.usdt", "price": 1, "bs": "b", "amount": 0.6}',
    account: 'huobip/zannb',
    signature: 'a6408b86cf3d5ce9beeb1ef339863b874a672debba34f94fc86ebbcf7156bbc3',
  },
  {
    secret: 'test-secret',
    verb: 'GET',
    path: '/huobip/zannb/info',
    nonce: '1527152000000000',
    body: '',
    account: 'huobip/zannb',
    signature: '20d30ab84d449e090122a2853da0983a7d011a46fc81981dfd71d4fdd456e7f5',
  },
  {
    secret: 'test-secret',
    verb: 'DELETE',
    path: '/okex/demo-account/orders',
    nonce: '1527152000000001',
    body: '',
    account: 'okex/demo-account',
    signature: 'e7e1dde17c656b44a7f379f0637223da7f0d3b65b844ab3c221e218c84441628',
  },
  {
    secret: 'test-secret',
    verb: 'GET',
    path: '/ws/1token-demo',
    nonce: '1527152000000002',
    body: '',
    account: 'okex/1token-demo',
    signature: 'b8756dcbaa4087a48c3730d24265bf4d7e979bfe97f5dde69fd9f728fd22d100',
  },
];

test('the six protocol vectors are accepted; a flipped signature is not', (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const keys = new KeyStore(db, Buffer.alloc(32, 5));
  const auth = new Authenticator(keys, { defaultRateLimit: { ratePerSecond: 0, burst: 0 } });
  for (const [i, v] of VECTORS.entries()) {
    const apiKey = `vector-key-${i}`;
    keys.create({ accounts: [v.account], apiKey, secret: v.secret });
    const input = (signature: string) => ({
      headers: { apiKey, nonce: v.nonce, signature },
      verb: v.verb,
      path: v.path,
      body: v.body,
      account: v.account,
      writes: v.verb !== 'GET',
    });
    const bad = v.signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    assert.throws(
      () => auth.authenticate(input(bad)),
      (e: OtsError) => e.code === 'invalid-api-key' && /Api-Signature does not match/.test(e.message),
      `vector ${i + 1}: a wrong signature is refused`,
    );
    if (/^\d+$/.test(v.nonce)) {
      assert.equal(auth.authenticate(input(v.signature)).apiKey, apiKey, `vector ${i + 1}`);
      assert.throws(
        () => auth.authenticate(input(v.signature)),
        (e: OtsError) => e.code === 'invalid-api-key' && /used already/.test(e.message),
        `vector ${i + 1}: its replay is refused`,
      );
    } else {
      // PYSDK's vectors use the nonce "this-is-nonce": the signature passes, the nonce rule does not.
      assert.throws(
        () => auth.authenticate(input(v.signature)),
        (e: OtsError) => e.code === 'invalid-api-key' && /not a decimal integer/.test(e.message),
        `vector ${i + 1}`,
      );
    }
  }
});

test('missing headers are no-valid-authentication; an unknown key is invalid-api-key', (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const auth = new Authenticator(new KeyStore(db, Buffer.alloc(32, 5)));
  const base = { verb: 'GET', path: '/sim/alice/info', body: '', account: 'sim/alice', writes: false };
  assert.throws(
    () => auth.authenticate({ ...base, headers: { apiKey: 'k', nonce: '1' } }),
    (e: OtsError) =>
      e.code === 'no-valid-authentication' && e.status === 401 && /Api-Signature/.test(e.message),
  );
  assert.throws(
    () =>
      auth.authenticate({ ...base, headers: { apiKey: 'nobody', nonce: '1', signature: 'a'.repeat(64) } }),
    (e: OtsError) => e.code === 'invalid-api-key' && e.status === 401,
  );
});
