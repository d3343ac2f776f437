import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sign } from '@ots/protocol';
import { nextNonce } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';
import { TestSocket, uri } from './support/trade-ws.js';

test('account socket auth: query parameters, a first auth message, wait-for-jwt, failures', async (t) => {
  // With the commit thread, so an authentication completes after its nonce is written off-thread
  // (the case where messages sent right behind it must wait).
  const gateway = await tradeGateway(t, { trade: { authTimeoutMs: 150, commitThread: true } });
  gateway.admin.createAccount('sim/alice', { usdt: 1000 });
  gateway.admin.createAccount('sim/bob', { usdt: 1000 });
  const creds = gateway.admin.createKey({ accounts: ['sim/alice'] });
  const base = `${gateway.url.replace('http', 'ws')}/api/v1/ws/trade`;
  const signed = async (name: string, secret = creds.api_secret) => {
    const nonce = nextNonce();
    return {
      api_key: creds.api_key,
      api_nonce: nonce,
      api_signature: await sign(secret, 'GET', `/ws/${name}`, nonce),
    };
  };

  await t.test('the three values as query parameters (browsers cannot set headers)', async () => {
    const q = new URLSearchParams(await signed('alice'));
    const socket = new TestSocket(`${base}/sim/alice?${q}`);
    assert.equal((await socket.next()).code, 'connected');
    socket.close();
  });

  await t.test('wait-for-jwt, then a first auth message', async () => {
    const socket = new TestSocket(`${base}/sim/alice`);
    assert.deepEqual(await socket.next(), { uri: 'wait-for-jwt' });
    socket.send({ uri: 'sub-order' });
    assert.equal((await socket.next(uri('sub-order'))).code, 'no-valid-authentication');
    socket.send({ uri: 'auth', ...(await signed('alice')) });
    assert.equal((await socket.next(uri('status'))).code, 'connected');
    socket.send({ uri: 'sub-order' });
    assert.equal((await socket.next(uri('sub-order'))).code, 'success');
    socket.close();
  });

  await t.test(
    'subscriptions sent right behind the auth message are answered after it, in order',
    async () => {
      const socket = new TestSocket(`${base}/sim/alice`);
      assert.deepEqual(await socket.next(), { uri: 'wait-for-jwt' });
      socket.send({ uri: 'auth', ...(await signed('alice')) });
      socket.send({ uri: 'sub-order' });
      socket.send({ uri: 'sub-info' });
      assert.equal((await socket.next(uri('status'))).code, 'connected');
      assert.equal((await socket.next(uri('sub-order'))).code, 'success');
      assert.equal((await socket.next(uri('sub-info'))).code, 'success');
      socket.close();
    },
  );

  await t.test('without auth the socket is closed after the configured wait', async () => {
    const socket = new TestSocket(`${base}/sim/alice`);
    assert.deepEqual(await socket.next(), { uri: 'wait-for-jwt' });
    const closed = await socket.closed;
    assert.equal(closed.code, 1008);
  });

  await t.test('a bad signature, a replayed nonce and a foreign account fail and close', async () => {
    const bad = new TestSocket(
      `${base}/sim/alice?${new URLSearchParams(await signed('alice', 'wrong-secret'))}`,
    );
    const fail = await bad.next();
    assert.equal(fail.uri, 'auth');
    assert.equal(fail.code, 'fail');
    assert.equal((fail.message as { code: string }).code, 'invalid-api-key');
    assert.equal((await bad.closed).code, 1008);

    const values = await signed('alice');
    const first = new TestSocket(`${base}/sim/alice?${new URLSearchParams(values)}`);
    assert.equal((await first.next()).code, 'connected');
    first.close();
    const replay = new TestSocket(`${base}/sim/alice?${new URLSearchParams(values)}`);
    assert.equal(((await replay.next()).message as { code: string }).code, 'invalid-api-key');

    const foreign = new TestSocket(`${base}/sim/bob?${new URLSearchParams(await signed('bob'))}`);
    assert.equal(((await foreign.next()).message as { code: string }).code, 'no-permission');
  });

  await t.test('gzip=true sends binary gzip frames', async () => {
    const q = new URLSearchParams({ ...(await signed('alice')), gzip: 'true' });
    const socket = new TestSocket(`${base}/sim/alice?${q}`);
    assert.equal((await socket.next()).code, 'connected');
    socket.close();
  });
});

test('the default wait for auth is 3 s', async (t) => {
  const gateway = await tradeGateway(t);
  const socket = new TestSocket(`${gateway.url.replace('http', 'ws')}/api/v1/ws/trade/sim/alice`);
  assert.deepEqual(await socket.next(), { uri: 'wait-for-jwt' });
  const started = Date.now();
  assert.equal((await socket.closed).code, 1008);
  assert.ok(Date.now() - started >= 2_000, 'not closed early');
});
