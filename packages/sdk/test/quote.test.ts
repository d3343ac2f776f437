/** Quote against the real gateway, started in the test with a manual venue that publishes exact ticks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Candle, OtsError, Quote, type Tick, type Zhubi } from '@ots/sdk';
import { Collector, startTestGateway, testTick, testTrade } from './support/gateway.js';

const fast = { pingIntervalMs: 50, pongTimeoutMs: 2000, backoff: { initialMs: 10, maxMs: 100 } };

test('subscribeTick: a sync callback gets every tick of its contract in order', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const btc = new Collector<Tick>();
  const eth = new Collector<Tick>();
  await quote.subscribeTick('test/btc.usdt', btc.push);
  await quote.subscribeTick('test/eth.usdt', eth.push);
  for (let i = 1; i <= 50; i++) {
    gw.venue.tick(testTick('test/btc.usdt', 1000 + i));
    gw.venue.tick(testTick('test/eth.usdt', 100 + i));
  }
  await btc.count(50);
  await eth.count(50);
  assert.deepEqual(
    btc.values.map((tick) => tick.last),
    Array.from({ length: 50 }, (_, i) => 1001 + i),
  );
  assert.deepEqual(
    eth.values.map((tick) => tick.last),
    Array.from({ length: 50 }, (_, i) => 101 + i),
  );
  const last = btc.values[49];
  assert.equal(last.contract, 'test/btc.usdt');
  assert.equal(last.bid1, 1049);
  assert.equal(last.ask1, 1051);
  assert.equal(last.volume, 0.5);
  assert.ok(last.exchange_time instanceof Date);
});

test('subscribeTick: an async callback is awaited, in order, and a slow one gets the latest tick', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const every = new Collector<Tick>();
  const slow = new Collector<number>();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let running = 0;
  await quote.subscribeTick('test/btc.usdt', every.push);
  await quote.subscribeTick('test/btc.usdt', async (tick) => {
    running++;
    assert.equal(running, 1, 'an async callback never runs twice at once');
    slow.push(tick.last);
    if (tick.last === 1) await released;
    await new Promise((resolve) => setImmediate(resolve));
    running--;
  });
  gw.venue.tick(testTick('test/btc.usdt', 1));
  await slow.count(1);
  for (let i = 2; i <= 10; i++) gw.venue.tick(testTick('test/btc.usdt', i));
  await every.count(10);
  release();
  await slow.count(2);
  // Ticks 2..9 were stale by the time the slow callback was free: it got the latest.
  assert.deepEqual(slow.values, [1, 10]);
  gw.venue.tick(testTick('test/btc.usdt', 11));
  await slow.count(3);
  assert.deepEqual(slow.values, [1, 10, 11]);
});

test('the same contract twice adds a callback without a second server subscription', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  // The gateway sends its last tick at once to every new subscription: a second server
  // subscription would hand the first callback tick 1 a second time.
  gw.venue.tick(testTick('test/btc.usdt', 1));
  const first = new Collector<number>();
  const second = new Collector<number>();
  await quote.subscribeTick('test/btc.usdt', (tick) => first.push(tick.last));
  await first.count(1);
  await quote.subscribeTick('test/btc.usdt', (tick) => second.push(tick.last));
  gw.venue.tick(testTick('test/btc.usdt', 2));
  await first.count(2);
  await second.count(1);
  assert.deepEqual(first.values, [1, 2]);
  assert.deepEqual(second.values, [2]);
});

test('a callback that throws is reported (onError and the error event) and the stream goes on', async (t) => {
  const gw = await startTestGateway(t);
  const viaOption = new Collector<unknown>();
  const viaEvent: unknown[] = [];
  const quote = new Quote({ url: gw.url, ...fast, onError: viaOption.push });
  quote.on('error', (e) => viaEvent.push(e));
  t.after(() => quote.close());
  const seen = new Collector<number>();
  await quote.subscribeTick('test/btc.usdt', (tick) => {
    seen.push(tick.last);
    if (tick.last === 1) throw new Error('bad sync callback');
  });
  // An async callback may skip stale ticks, but always gets the latest one: 3.
  await quote.subscribeTick('test/btc.usdt', async (tick) => {
    await new Promise((resolve) => setImmediate(resolve));
    if (tick.last === 3) throw new Error('bad async callback');
  });
  for (let i = 1; i <= 3; i++) gw.venue.tick(testTick('test/btc.usdt', i));
  await seen.count(3);
  await viaOption.count(2);
  assert.deepEqual(seen.values, [1, 2, 3]);
  assert.deepEqual(
    viaOption.values.map((e) => (e as Error).message),
    ['bad sync callback', 'bad async callback'],
  );
  assert.deepEqual(viaEvent, viaOption.values);
  // Still streaming after both failures.
  gw.venue.tick(testTick('test/btc.usdt', 4));
  await seen.count(4);
});

test('ticks() iterates a contract; break unsubscribes and the gateway stops sending', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const other = new Collector<number>();
  await quote.subscribeTick('test/eth.usdt', (tick) => other.push(tick.last));
  // The gateway sends its last tick to a new subscriber at once: tick 1 proves the subscription is live.
  gw.venue.tick(testTick('test/btc.usdt', 1));
  const seen: number[] = [];
  for await (const tick of quote.ticks('test/btc.usdt')) {
    seen.push(tick.last);
    if (tick.last === 1) {
      gw.venue.tick(testTick('test/btc.usdt', 2));
      gw.venue.tick(testTick('test/btc.usdt', 3));
    }
    if (tick.last === 3) break;
  }
  assert.deepEqual(seen, [1, 2, 3]);
  // After break the subscription is gone: a later btc tick is not delivered, while eth still is.
  gw.venue.tick(testTick('test/btc.usdt', 4));
  gw.venue.tick(testTick('test/eth.usdt', 5));
  await other.count(1);
  assert.deepEqual(seen, [1, 2, 3]);
});

test('unsubscribe(contract) drops every callback of that contract', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const btc = new Collector<number>();
  const eth = new Collector<number>();
  await quote.subscribeTick('test/btc.usdt', (tick) => btc.push(tick.last));
  await quote.subscribeTick('test/eth.usdt', (tick) => eth.push(tick.last));
  gw.venue.tick(testTick('test/btc.usdt', 1));
  await btc.count(1);
  quote.unsubscribe('test/btc.usdt');
  gw.venue.tick(testTick('test/btc.usdt', 2));
  gw.venue.tick(testTick('test/eth.usdt', 3));
  await eth.count(1);
  assert.deepEqual(btc.values, [1]);
});

test('subscribing a contract the gateway does not list rejects with contract-not-exist', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  await assert.rejects(
    quote.subscribeTick('test/doge.usdt', () => {}),
    (e: unknown) => {
      assert.ok(e instanceof OtsError);
      assert.equal(e.code, 'contract-not-exist');
      return true;
    },
  );
  await assert.rejects(
    (async () => {
      for await (const _ of quote.ticks('test/xrp.usdt')) assert.fail('no tick expected');
    })(),
    (e: unknown) => e instanceof OtsError && e.code === 'contract-not-exist',
  );
  // A bad symbol or callback never reaches the server.
  await assert.rejects(
    quote.subscribeTick('test/btc.usdt', 'not a function' as never),
    (e: unknown) => e instanceof OtsError && e.code === 'invalid-param',
  );
  assert.equal(quote.connectionCount(), 0, 'refused topics leave no connection open');
  assert.throws(
    () => quote.ticks('no-slash'),
    (e: unknown) => e instanceof OtsError && e.code === 'invalid-param',
  );
});

test('subscribeZhubi delivers every trade batch; subscribeCandle the candle they build', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const trades = new Collector<Zhubi[]>();
  const candles = new Collector<Candle>();
  await quote.subscribeZhubi('test/btc.usdt', trades.push);
  await quote.subscribeCandle('test/btc.usdt', '1m', candles.push);
  gw.venue.zhubi([testTrade('test/btc.usdt', 100, 1), testTrade('test/btc.usdt', 101, 2)]);
  gw.venue.zhubi([testTrade('test/btc.usdt', 99, 3)]);
  await trades.count(2);
  assert.deepEqual(
    trades.values.map((batch) => batch.map((z) => [z.price, z.amount, z.bs])),
    [
      [
        [100, 1, 'b'],
        [101, 2, 'b'],
      ],
      [[99, 3, 'b']],
    ],
  );
  await candles.until((values) => values.some((c) => c.volume === 6));
  const candle = candles.values.at(-1)!;
  assert.equal(candle.contract, 'test/btc.usdt');
  assert.equal(candle.duration, '1m');
  assert.deepEqual([candle.open, candle.high, candle.low, candle.close], [100, 101, 99, 99]);
  assert.throws(
    // @ts-expect-error: a duration the candle socket does not serve
    () => quote.candles('test/btc.usdt', '3m'),
    (e: unknown) => e instanceof OtsError && e.code === 'invalid-param',
  );
});

test('zhubis() and candles() iterate trades and candles; reconnect() redials with events and keeps them', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  // Confirmed subscriptions first: the iterators then share them (no second server subscription),
  // so they are live before anything is published.
  await quote.subscribeZhubi('test/eth.usdt', () => {});
  await quote.subscribeCandle('test/eth.usdt', '5m', () => {});
  const resent = new Collector<number>();
  gw.venue.tick(testTick('test/eth.usdt', 1));
  await quote.subscribeTick('test/eth.usdt', (tick) => resent.push(tick.last));
  await resent.count(1);
  const trades = quote.zhubis('test/eth.usdt');
  const candles = quote.candles('test/eth.usdt', '5m');

  gw.venue.zhubi([testTrade('test/eth.usdt', 10, 1)]);
  assert.deepEqual(
    ((await trades.next()).value as Zhubi[]).map((z) => z.price),
    [10],
  );
  let candle = (await candles.next()).value as Candle;
  while (candle.volume !== 1) candle = (await candles.next()).value as Candle;
  assert.equal(candle.duration, '5m');
  assert.equal(candle.close, 10);

  const events = new Collector<string>();
  quote.on('disconnect', ({ channel }) => events.push(`disconnect ${channel}`));
  quote.on('reconnect', ({ channel }) => events.push(`reconnect ${channel}`));
  quote.reconnect();
  // The gateway resends its last tick to the replayed tick subscription, which was replayed after
  // the trade subscription on the same connection: once it arrives, trades flow again.
  await resent.count(2);
  gw.venue.zhubi([testTrade('test/eth.usdt', 11, 2)]);
  assert.deepEqual(
    ((await trades.next()).value as Zhubi[]).map((z) => z.price),
    [11],
  );
  // Both connections (ticks and trades; candles) went down and came back.
  await events.count(4);
  assert.deepEqual([...events.values].sort(), [
    'disconnect candle',
    'disconnect tick',
    'reconnect candle',
    'reconnect tick',
  ]);
  await trades.return?.();
  await candles.return?.();
});

test('tick-v3 mode assembles snapshots and diffs into the same full ticks', async (t) => {
  const gw = await startTestGateway(t, { config: { timers: { tickV3SnapshotMs: 60_000 } } });
  const quote = new Quote({ url: gw.url, ...fast, tickFormat: 'v3' });
  t.after(() => quote.close());
  const got = new Collector<Tick>();
  const sent: Tick[] = [];
  await quote.subscribeTick('test/btc.usdt', got.push);
  for (let i = 0; i < 20; i++) {
    // Books that shift, grow and shrink, so diffs both set and delete levels.
    const tick = testTick('test/btc.usdt', 1000 + (i % 7) * 3, 2 + (i % 5));
    sent.push(tick);
    gw.venue.tick(tick);
  }
  await got.count(20);
  for (const [i, tick] of got.values.entries()) {
    assert.equal(tick.source, 'tick.v3');
    assert.equal(tick.last, sent[i].last);
    assert.deepEqual(tick.bids, sent[i].bids, `bids of tick ${i}`);
    assert.deepEqual(tick.asks, sent[i].asks, `asks of tick ${i}`);
    assert.equal(tick.timestamp.epochMicros, sent[i].timestamp.epochMicros);
  }
});

test('getLastTick, getContracts and getContract read the gateway over REST', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  gw.venue.tick(testTick('test/eth.btc', 50));
  // The hub takes the tick synchronously from the venue; REST sees it at once.
  const last = await quote.getLastTick('test/eth.btc');
  assert.equal(last.contract, 'test/eth.btc');
  assert.equal(last.last, 50);
  assert.equal(last.bid1, 49);

  const contracts = await quote.getContracts('test');
  assert.deepEqual(contracts.map((c) => c.symbol).sort(), ['test/btc.usdt', 'test/eth.btc', 'test/eth.usdt']);
  const contract = await quote.getContract('test/eth.usdt');
  assert.equal(contract.symbol, 'test/eth.usdt');
  assert.equal(contract.exchange, 'test');
  assert.equal(typeof contract.min_change, 'number');

  await assert.rejects(quote.getContract('test/doge.usdt'), (e: unknown) => {
    assert.ok(e instanceof OtsError);
    assert.equal(e.code, 'contract-not-exist');
    return true;
  });
  await assert.rejects(quote.getLastTick('test/doge.usdt'), (e: unknown) => {
    assert.ok(e instanceof OtsError);
    assert.equal(e.code, 'contract-not-exist');
    assert.equal(e.status, 404);
    return true;
  });
});

test('the gateway killed and restarted mid-stream: the client reconnects, resubscribes, ticks resume', async (t) => {
  const gw = await startTestGateway(t);
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const ticks = new Collector<number>();
  const events: string[] = [];
  quote.on('disconnect', () => events.push('disconnect'));
  quote.on('reconnect', () => events.push('reconnect'));
  await quote.subscribeTick('test/btc.usdt', (tick) => ticks.push(tick.last));
  gw.venue.tick(testTick('test/btc.usdt', 1));
  await ticks.count(1);

  const disconnected = new Promise<void>((resolve) => quote.once('disconnect', () => resolve()));
  await gw.stop();
  await disconnected;
  await gw.start();
  // The new gateway's last tick goes to the client as soon as its replayed subscription arrives.
  gw.venue.tick(testTick('test/btc.usdt', 2));
  await ticks.count(2);
  assert.deepEqual(ticks.values, [1, 2]);
  gw.venue.tick(testTick('test/btc.usdt', 3));
  await ticks.count(3);
  assert.deepEqual(events, ['disconnect', 'reconnect']);
});

test('more than 50 contracts on the real gateway are spread over several connections', async (t) => {
  const names = Array.from({ length: 120 }, (_, i) => `c${i}.usdt`);
  const gw = await startTestGateway(t, { contracts: names });
  const quote = new Quote({ url: gw.url, ...fast });
  t.after(() => quote.close());
  const got = new Collector<Tick>();
  await Promise.all(names.map((name) => quote.subscribeTick(`test/${name}`, got.push)));
  assert.equal(quote.connectionCount(), 3);
  for (const [i, name] of names.entries()) gw.venue.tick(testTick(`test/${name}`, i + 1));
  await got.count(names.length);
  assert.deepEqual(new Set(got.values.map((tick) => tick.contract)), new Set(names.map((n) => `test/${n}`)));
});
