import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startQuoteGateway, testTick } from './support/quote-gateway.js';
import { TestSocket } from './support/ws-client.js';

test('/quote/ws: the original SDK flow (auth with sample-rate, flat subscribe) and the args form', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/quote/ws'), t);
  ws.send({ uri: 'auth', 'sample-rate': 0 });
  ws.send({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  ws.send({ uri: 'subscribe-single-tick-verbose', args: { contract: 'test/eth.usdt' } });
  await ws.next((m) => m.uri === 'subscribe-single-tick-verbose' && m.contract === 'test/btc.usdt');
  await ws.next((m) => m.uri === 'subscribe-single-tick-verbose' && m.contract === 'test/eth.usdt');
  const btc = testTick('test/btc.usdt', 100);
  const eth = testTick('test/eth.usdt', 2000);
  q.venue.tick(btc);
  q.venue.tick(eth);
  const a = await ws.next((m) => m.uri === 'single-tick-verbose');
  const b = await ws.next((m) => m.uri === 'single-tick-verbose');
  assert.deepEqual([a.data, b.data], [btc.toVerbose(), eth.toVerbose()]);
});

test('no ping closes /ws/tick after the configured timeout, never /quote/ws; pinging keeps a socket open', async (t) => {
  const q = await startQuoteGateway(t, { config: { timers: { heartbeatTimeoutMs: 1500 } } });
  const silent = await TestSocket.open(q.ws('/ws/tick'), t);
  const original = await TestSocket.open(q.ws('/quote/ws'), t);
  const pinging = await TestSocket.open(q.ws('/ws/tick'), t);
  original.send({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  // Pings far more often than the window, so a loaded machine's pauses cannot make it miss one.
  const keepAlive = setInterval(() => pinging.send({ uri: 'ping' }), 100);
  t.after(() => clearInterval(keepAlive));

  const closed = await silent.closed;
  assert.equal(closed.code, 4000);
  assert.match(closed.reason, /no ping/);

  // Long after the silent socket's deadline, the SDK's socket still gets ticks and the pinging one answers.
  q.venue.tick(testTick('test/btc.usdt', 123));
  const pushed = await original.next((m) => m.uri === 'single-tick-verbose');
  assert.equal(pushed.data.last, 123);
  pinging.send({ uri: 'ping', uuid: 'still-here' });
  await pinging.next((m) => m.uuid === 'still-here', 'the pong of the last ping');
});

test('heartbeat at the default: 30 s without a ping closes the socket', { timeout: 60_000 }, async (t) => {
  const q = await startQuoteGateway(t);
  assert.equal(q.gateway.config.timers.heartbeatTimeoutMs, 30_000);
  const silent = await TestSocket.open(q.ws('/ws/candle'), t);
  const opened = Date.now();
  const closed = await silent.closed;
  assert.equal(closed.code, 4000);
  assert.ok(Date.now() - opened >= 29_000, 'not closed before the 30 s window');
});
