import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANDLE_DURATIONS, candleStart } from '@ots/protocol';
import { startQuoteGateway, testTick, testTrade } from './support/quote-gateway.js';
import { TestSocket } from './support/ws-client.js';

test('/ws/candle 2020 form: no auth, ack, candles built from trades with uri single-candle', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/candle'), t);
  const ack = await ws.request({ uri: 'subscribe-single-candle', contract: 'test/btc.usdt', duration: '1m' });
  assert.deepEqual(ack, {
    uri: 'subscribe-single-candle',
    code: 'success',
    contract: 'test/btc.usdt',
    duration: '1m',
  });

  const now = Date.now() / 1000;
  q.venue.zhubi([
    testTrade('test/btc.usdt', 100, 1, now),
    testTrade('test/btc.usdt', 105, 2, now),
    testTrade('test/btc.usdt', 98, 0.5, now),
  ]);
  const candle = await ws.next((m) => m.uri === 'single-candle');
  assert.deepEqual(
    { open: candle.open, high: candle.high, low: candle.low, close: candle.close, volume: candle.volume },
    { open: 100, high: 105, low: 98, close: 98, volume: 3.5 },
  );
  // usdt-quoted turnover with the default valuation (usdt, CNY rate 1): sum of price * amount.
  assert.equal(candle.amount, 100 + 210 + 49);
  assert.equal(candle.contract, 'test/btc.usdt');
  assert.equal(candle.duration, '1m');
  assert.equal(candle.time, candleStart(now, '1m').toIsoZulu());
  assert.match(candle.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);

  q.venue.zhubi([testTrade('test/btc.usdt', 110, 1, now)]);
  const updated = await ws.next((m) => m.uri === 'single-candle');
  assert.equal(updated.high, 110);
  assert.equal(updated.volume, 4.5);
});

test('/ws/candle 2018 form (no uri): no ack, bare candles; ?gzip=true gives binary frames', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/candle?gzip=true'), t);
  ws.send({ contract: 'test/eth.usdt', duration: '5m' });
  q.venue.zhubi([testTrade('test/eth.usdt', 2000, 1)]);
  const first = await ws.nextReceived();
  assert.equal(first.binary, true);
  assert.equal(first.message.uri, undefined, 'a bare candle, no ack first');
  assert.equal(first.message.close, 2000);
  assert.equal(first.message.duration, '5m');
});

test('/ws/candle: every documented duration is served; an unknown one is an error', async (t) => {
  const q = await startQuoteGateway(t);
  // The trade must still be in the current minute when the 1m series subscribes.
  if (new Date().getUTCSeconds() >= 55) await new Promise((r) => setTimeout(r, 6_000));
  q.venue.zhubi([testTrade('test/btc.usdt', 100, 1)]);
  const ws = await TestSocket.open(q.ws('/ws/candle'), t);
  for (const duration of CANDLE_DURATIONS) {
    const ack = await ws.request({ uri: 'subscribe-single-candle', contract: 'test/btc.usdt', duration });
    assert.equal(ack.code, 'success', duration);
    // The candle in progress comes at once (the store already holds a trade of it).
    const candle = await ws.next((m) => m.uri === 'single-candle' && m.duration === duration);
    assert.equal(candle.close, 100);
  }
  const bad = await ws.request({ uri: 'subscribe-single-candle', contract: 'test/btc.usdt', duration: '3m' });
  assert.equal(bad.code, 'invalid-param');
  assert.match(bad.message, /1m, 5m/);
  const unknown = await ws.request({
    uri: 'subscribe-single-candle',
    contract: 'test/xrp.usdt',
    duration: '1m',
  });
  assert.equal(unknown.code, 'contract-not-exist');
});

test('/ws/low-freq-quote-v2: batch subscribe, price, price_s and 24 h rise, batch unsubscribe', async (t) => {
  const q = await startQuoteGateway(t, { config: { timers: { lowFreqIntervalMs: 50 } } });
  const now = Date.now() / 1000;
  q.venue.zhubi([testTrade('test/btc.usdt', 100, 1, now - 3600)]);
  q.venue.tick(testTick('test/btc.usdt', 110));
  q.venue.tick(testTick('test/eth.usdt', 2000));
  const ws = await TestSocket.open(q.ws('/ws/low-freq-quote-v2'), t);
  const ack = await ws.request({ uri: 'batch-subscribe', contracts: ['test/btc.usdt', 'test/eth.usdt'] });
  assert.deepEqual(ack, { uri: 'batch-subscribe', code: 'success' });
  const push = await ws.next((m) => m.uri === 'low-freq-quote' && m.data.length === 2);
  const btc = push.data.find((d: { contract: string }) => d.contract === 'test/btc.usdt');
  assert.deepEqual(btc, { contract: 'test/btc.usdt', rise: 10, price: 110, price_s: '110.000' });

  const unsub = await ws.request({ uri: 'batch-unsubscribe', contracts: ['test/btc.usdt'] });
  assert.deepEqual(unsub, { uri: 'batch-unsubscribe', code: 'success' });
  const later = await ws.next((m) => m.uri === 'low-freq-quote');
  assert.deepEqual(
    later.data.map((d: { contract: string }) => d.contract),
    ['test/eth.usdt'],
  );

  const bad = await ws.request({ uri: 'batch-subscribe', contracts: ['test/btc.usdt', 'test/nope.usdt'] });
  assert.equal(bad.code, 'contract-not-exist');
  assert.match(bad.message, /test\/nope\.usdt/);
});
