import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startQuoteGateway, testTick } from './support/quote-gateway.js';
import { TestSocket } from './support/ws-client.js';

const MANY = Array.from({ length: 52 }, (_, i) => `c${i}.usdt`);

test('at most 50 contracts per connection: the 51st is refused, the socket stays usable', async (t) => {
  const q = await startQuoteGateway(t, { contracts: MANY });
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  await ws.request({ uri: 'auth' });
  for (let i = 0; i < 50; i++) {
    const contract = `test/c${i}.usdt`;
    const uri = i % 2 === 0 ? 'subscribe-single-tick-verbose' : 'subscribe-single-zhubi-verbose';
    assert.equal((await ws.request({ uri, contract })).code, 'success', contract);
  }
  // Ticks and zhubi of a contract already subscribed do not count twice.
  assert.equal(
    (await ws.request({ uri: 'subscribe-single-zhubi-verbose', contract: 'test/c0.usdt' })).code,
    'success',
  );
  const refused = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/c50.usdt' });
  assert.equal(refused.code, 'not-allowed');
  assert.match(refused.message, /at most 50 contracts/);
  // Unsubscribing makes room.
  await ws.request({ uri: 'unsubscribe-single-tick-verbose', contract: 'test/c2.usdt' });
  assert.equal(
    (await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/c50.usdt' })).code,
    'success',
  );
});

test('per-IP connection limit (applied to loopback when configured): the extra socket gets a status and is closed', async (t) => {
  const q = await startQuoteGateway(t, {
    config: { limits: { limitLoopback: true, maxConnectionsPerIp: 2 } },
  });
  const a = await TestSocket.open(q.ws('/ws/tick'), t);
  const b = await TestSocket.open(q.ws('/ws/candle'), t);
  const c = await TestSocket.open(q.ws('/ws/tick'), t);
  const status = await c.next();
  assert.equal(status.uri, 'status');
  assert.equal(status.code, 'rate-limit-exceed');
  assert.equal((await c.closed).code, 4002);
  assert.equal((await a.request({ uri: 'ping' })).uri, 'pong');
  // A slot frees up when a socket closes.
  b.close();
  await b.closed;
  // (The server may see b's close a moment after the client does: retry a few times.)
  let admitted = false;
  for (let attempt = 0; attempt < 50 && !admitted; attempt++) {
    const d = await TestSocket.open(q.ws('/ws/tick'), t);
    const first = await Promise.race([d.request({ uri: 'ping' }), d.closed.then(() => undefined)]);
    admitted = first?.uri === 'pong';
  }
  assert.ok(admitted, 'a new socket is admitted once one of the two closed');
});

test('loopback clients are exempt from the per-IP limits by default', async (t) => {
  const q = await startQuoteGateway(t, {
    config: { limits: { maxConnectionsPerIp: 1, maxBytesPerSecondPerIp: 10 } },
  });
  const a = await TestSocket.open(q.ws('/ws/tick'), t);
  const b = await TestSocket.open(q.ws('/ws/tick'), t);
  await a.request({ uri: 'auth' });
  await b.request({ uri: 'auth' });
  await b.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  q.venue.tick(testTick('test/btc.usdt', 100));
  assert.equal((await b.next((m) => m.uri === 'single-tick-verbose')).data.last, 100);
});

test('per-IP bandwidth limit: over it, a rate-limit-exceed status and the socket is closed', async (t) => {
  const q = await startQuoteGateway(t, {
    config: { limits: { limitLoopback: true, maxBytesPerSecondPerIp: 4_000 } },
  });
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  await ws.request({ uri: 'auth' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  for (let i = 0; i < 10; i++) q.venue.tick(testTick('test/btc.usdt', 100 + i, { levels: 20 }));
  const status = await ws.next((m) => m.uri === 'status');
  assert.equal(status.code, 'rate-limit-exceed');
  assert.equal((await ws.closed).code, 4002);
});
