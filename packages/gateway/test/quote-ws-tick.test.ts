import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startQuoteGateway, testTick, testTrade } from './support/quote-gateway.js';
import { TestSocket } from './support/ws-client.js';

test('/ws/tick: auth, subscribe (top-level and args forms), ack, last tick at once, then every update', async (t) => {
  const q = await startQuoteGateway(t);
  q.venue.tick(testTick('test/btc.usdt', 100));
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  assert.deepEqual(await ws.request({ uri: 'auth' }), { uri: 'auth', message: 'Auth succeed.' });

  const ack = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.deepEqual(ack, { uri: 'subscribe-single-tick-verbose', code: 'success', contract: 'test/btc.usdt' });
  const first = await ws.next((m) => m.uri === 'single-tick-verbose');
  assert.equal(first.data.contract, 'test/btc.usdt');
  assert.equal(first.data.last, 100);

  const ack2 = await ws.request({
    uri: 'subscribe-single-tick-verbose',
    args: { contract: 'test/eth.usdt' },
  });
  assert.equal(ack2.code, 'success');

  const tick = testTick('test/eth.usdt', 2000, { volume: 1.5 });
  q.venue.tick(tick);
  const pushed = await ws.next((m) => m.uri === 'single-tick-verbose' && m.data.contract === 'test/eth.usdt');
  // Every field the original SDK reads, exactly as the tick's verbose form.
  assert.deepEqual(pushed.data, tick.toVerbose());
  for (const key of ['time', 'contract', 'volume', 'asks', 'bids', 'last', 'exchange_time', 'amount']) {
    assert.ok(key in pushed.data, `verbose tick has ${key}`);
  }
});

test('/ws/tick: subscribing before auth is refused and the socket stays usable', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  const refused = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.equal(refused.code, 'no-valid-authentication');
  await ws.request({ uri: 'auth' });
  const ack = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.equal(ack.code, 'success');
});

test('/ws/tick: unsubscribe stops the pushes of that contract only', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  await ws.request({ uri: 'auth' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/eth.usdt' });
  const ack = await ws.request({ uri: 'unsubscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.deepEqual(ack, {
    uri: 'unsubscribe-single-tick-verbose',
    code: 'success',
    contract: 'test/btc.usdt',
  });
  q.venue.tick(testTick('test/btc.usdt', 101));
  q.venue.tick(testTick('test/eth.usdt', 2001));
  const next = await ws.next((m) => m.uri === 'single-tick-verbose');
  assert.equal(next.data.contract, 'test/eth.usdt');
  assert.ok(!ws.received.some((r) => r.message.data?.contract === 'test/btc.usdt'));
});

test('/ws/tick: zhubi subscribe, pushes of every trade, unsubscribe', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  await ws.request({ uri: 'auth' });
  const ack = await ws.request({ uri: 'subscribe-single-zhubi-verbose', contract: 'test/btc.usdt' });
  assert.deepEqual(ack, {
    uri: 'subscribe-single-zhubi-verbose',
    code: 'success',
    contract: 'test/btc.usdt',
  });
  const trades = [testTrade('test/btc.usdt', 100, 0.5), testTrade('test/btc.usdt', 101, 0.25)];
  q.venue.zhubi(trades);
  const push = await ws.next((m) => m.uri === 'single-zhubi-verbose');
  assert.deepEqual(
    push.data,
    trades.map((z) => z.toVerbose()),
  );
  assert.deepEqual(Object.keys(push.data[0]).sort(), [
    'amount',
    'bs',
    'contract',
    'exchange_time',
    'price',
    'time',
  ]);

  const unsub = await ws.request({ uri: 'unsubscribe-single-zhubi-verbose', contract: 'test/btc.usdt' });
  assert.equal(unsub.code, 'success');
  q.venue.zhubi([testTrade('test/btc.usdt', 102, 1)]);
  assert.equal((await ws.request({ uri: 'ping' })).uri, 'pong');
  assert.equal(ws.received.filter((r) => r.message.uri === 'single-zhubi-verbose').length, 1);
});

test('/ws/tick?gzip=true: every frame is binary gzip JSON, replies included', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/tick?gzip=true'), t);
  await ws.request({ uri: 'auth' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  q.venue.tick(testTick('test/btc.usdt', 100));
  const pushed = await ws.nextReceived((m) => m.uri === 'single-tick-verbose');
  assert.equal(pushed.message.data.last, 100);
  assert.ok(
    ws.received.every((r) => r.binary),
    'every frame is binary',
  );
});

test('ping → pong with the uuid echoed and a float timestamp, on every quote socket', async (t) => {
  const q = await startQuoteGateway(t);
  for (const path of [
    '/ws/tick',
    '/quote/ws',
    '/ws/tick-v3?gzip=false',
    '/ws/candle',
    '/ws/low-freq-quote-v2',
    '/ws/ping-pong',
  ]) {
    const ws = await TestSocket.open(q.ws(path), t);
    const before = Date.now() / 1000;
    const pong = await ws.request({ uri: 'ping', uuid: 'this-is-a-uuid' });
    assert.equal(pong.uuid, 'this-is-a-uuid', path);
    assert.equal(typeof pong.timestamp, 'number');
    assert.ok(pong.timestamp >= before - 1, path);
    const bare = await ws.request({ uri: 'ping' });
    assert.deepEqual(Object.keys(bare).sort(), ['timestamp', 'uri']);
  }
});

test('errors answer {uri, code, message} and the socket stays usable', async (t) => {
  const q = await startQuoteGateway(t, { config: { limits: { softFrameBytes: 512, hardFrameBytes: 4096 } } });
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  await ws.request({ uri: 'auth' });

  ws.send('{"uri": "subscribe-single-tick-verbose", ');
  const malformed = await ws.next((m) => m.code !== undefined);
  assert.equal(malformed.uri, 'error');
  assert.equal(malformed.code, 'invalid-param');
  assert.match(malformed.message, /not valid JSON/);

  const unknown = await ws.request({ uri: 'subscribe-everything' });
  assert.equal(unknown.code, 'not-found');
  assert.match(unknown.message, /subscribe-single-tick-verbose/);

  const noContract = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/doge.usdt' });
  assert.equal(noContract.code, 'contract-not-exist');
  const badSymbol = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'btcusdt' });
  assert.equal(badSymbol.code, 'contract-not-exist');

  const big = await ws.request({
    uri: 'subscribe-single-tick-verbose',
    contract: 'test/btc.usdt',
    pad: 'x'.repeat(1000),
  });
  assert.equal(big.code, 'payload-too-large');

  const ok = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.equal(ok.code, 'success');
});

test('a frame over the hard size limit closes the socket (1009)', async (t) => {
  const q = await startQuoteGateway(t, { config: { limits: { softFrameBytes: 512, hardFrameBytes: 4096 } } });
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  ws.send({ uri: 'ping', pad: 'x'.repeat(8192) });
  const closed = await ws.closed;
  assert.equal(closed.code, 1009);
});
