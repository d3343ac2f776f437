import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startQuoteGateway, testTick, testTrade } from './support/quote-gateway.js';

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

test('/basic/contracts lists every key of a contract; by exchange and name; an unknown name is 200 []', async (t) => {
  const q = await startQuoteGateway(t);
  const all = await get(q.http('/api/v1/basic/contracts?exchange=test'));
  assert.equal(all.status, 200);
  assert.deepEqual(
    all.body.map((c: { symbol: string }) => c.symbol),
    ['test/btc.usdt', 'test/eth.usdt', 'test/eth.btc'],
  );
  const keys = [
    'symbol',
    'exchange',
    'name',
    'min_change',
    'min_amount',
    'unit_amount',
    'min_notional',
    'alias',
  ];
  for (const key of [...keys, 'category', 'first_day', 'last_day', 'exec_price', 'currency', 'id']) {
    assert.ok(key in all.body[0], `contract has ${key}`);
  }
  const one = await get(q.http('/api/v1/basic/contracts?exchange=test&name=eth.usdt'));
  assert.deepEqual(
    one.body.map((c: { symbol: string }) => c.symbol),
    ['test/eth.usdt'],
  );
  const none = await get(q.http('/api/v1/basic/contracts?exchange=test&name=doge.usdt'));
  assert.deepEqual(none, { status: 200, headers: none.headers, body: [] });
  const otherExchange = await get(q.http('/api/v1/basic/contracts?exchange=nowhere'));
  assert.deepEqual(otherExchange.body, []);
});

test('/basic/exchanges and /basic/time', async (t) => {
  const q = await startQuoteGateway(t, { sim: true });
  assert.deepEqual((await get(q.http('/api/v1/basic/exchanges'))).body, ['sim', 'test']);
  const before = Date.now() / 1000;
  const time = (await get(q.http('/api/v1/basic/time'))).body;
  assert.ok(time.server_time >= before - 1 && time.server_time <= Date.now() / 1000 + 1);
  assert.equal(new Date(time.time).getTime() / 1000, time.server_time);
});

test('/quote/single-tick and /quote/ticks serve the last ticks; unknown contracts are 404 contract-not-exist', async (t) => {
  const q = await startQuoteGateway(t);
  const btc = testTick('test/btc.usdt', 100, { levels: 5 });
  q.venue.tick(btc);
  q.venue.tick(testTick('test/eth.usdt', 2000));
  const single = await get(q.http('/api/v1/quote/single-tick/test/btc.usdt'));
  assert.equal(single.status, 200);
  assert.deepEqual(single.body, btc.toVerbose());

  const ticks = await get(q.http('/api/v1/quote/ticks?exchange=test'));
  assert.deepEqual(
    ticks.body.map((x: { contract: string }) => x.contract),
    ['test/btc.usdt', 'test/eth.usdt'],
  );
  assert.equal(ticks.body[0].bids.length, 1, 'one level per side');
  assert.equal(ticks.body[0].asks.length, 1);

  for (const path of [
    '/api/v1/quote/single-tick/test/doge.usdt',
    '/api/v1/quote/ticks?exchange=nowhere',
    '/api/v1/quote/candles?contract=test/doge.usdt&duration=1m',
    '/api/v1/quote/zhubi?contract=test/doge.usdt',
  ]) {
    const r = await get(q.http(path));
    assert.equal(r.status, 404, path);
    assert.equal(r.body.code, 'contract-not-exist', path);
    assert.equal(typeof r.body.message, 'string');
  }
});

// Trades of January 2026 with retention off, so that no sweep deletes them whatever today's date.
const KEEP = { tradesHours: 0, candlesDays: 0 };

test('/quote/zhubi: stored trades in a time range, oldest first, size capped', async (t) => {
  const q = await startQuoteGateway(t, { config: { limits: { zhubiMaxSize: 3 }, retention: KEEP } });
  const base = Date.UTC(2026, 0, 5, 12, 0, 0) / 1000;
  const trades = Array.from({ length: 6 }, (_, i) => testTrade('test/btc.usdt', 100 + i, 1, base + i));
  q.venue.zhubi(trades);
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const range = await get(
    q.http(`/api/v1/quote/zhubi?contract=test/btc.usdt&since=${iso(base + 1)}&until=${iso(base + 3)}`),
  );
  assert.equal(range.status, 200);
  assert.deepEqual(range.body, [trades[1].toVerbose(), trades[2].toVerbose()]);
  const latest = await get(q.http('/api/v1/quote/zhubi?contract=test/btc.usdt&size=100'));
  assert.deepEqual(
    latest.body.map((z: { price: number }) => z.price),
    [103, 104, 105],
    'without since: the latest trades, capped at zhubiMaxSize',
  );
  const bad = await get(q.http('/api/v1/quote/zhubi?contract=test/btc.usdt&since=yesterday'));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'invalid-param');
});

test('/quote/candles: built from stored trades for each duration', async (t) => {
  const q = await startQuoteGateway(t, { config: { retention: KEEP } });
  const base = Date.UTC(2026, 0, 5, 12, 0, 0) / 1000; // a Monday
  q.venue.zhubi([
    testTrade('test/btc.usdt', 100, 1, base + 10),
    testTrade('test/btc.usdt', 110, 1, base + 70),
    testTrade('test/btc.usdt', 90, 2, base + 130),
  ]);
  const url = (duration: string) =>
    q.http(
      `/api/v1/quote/candles?contract=test/btc.usdt&duration=${duration}&since=2026-01-05T12:00:00Z&until=2026-01-05T13:00:00Z`,
    );
  const minutes = (await get(url('1m'))).body;
  assert.deepEqual(
    minutes.map((c: { time: string; open: number; close: number }) => [c.time, c.open, c.close]),
    [
      ['2026-01-05T12:00:00Z', 100, 100],
      ['2026-01-05T12:01:00Z', 110, 110],
      ['2026-01-05T12:02:00Z', 90, 90],
    ],
  );
  const five = (await get(url('5m'))).body;
  assert.deepEqual(five, [
    {
      amount: 100 + 110 + 180,
      close: 90,
      high: 110,
      low: 90,
      open: 100,
      volume: 4,
      contract: 'test/btc.usdt',
      duration: '5m',
      time: '2026-01-05T12:00:00Z',
    },
  ]);
  const week = (
    await get(
      q.http(
        '/api/v1/quote/candles?contract=test/btc.usdt&duration=1w&since=2026-01-01T00:00:00Z&until=2026-01-12T00:00:00Z',
      ),
    )
  ).body;
  assert.equal(week[0].time, '2026-01-05T00:00:00Z', 'weeks start on Monday');
  const bad = await get(q.http('/api/v1/quote/candles?contract=test/btc.usdt&duration=7m'));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'invalid-param');
});

test('unknown routes answer 404 {code: not-found, message}', async (t) => {
  const q = await startQuoteGateway(t);
  const missing = await get(q.http('/api/v1/nothing-here'));
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'not-found');
});

test('/health and /metrics (Prometheus text with the quote counters)', async (t) => {
  const q = await startQuoteGateway(t);
  q.venue.tick(testTick('test/btc.usdt', 100));
  const health = await get(q.http('/health'));
  assert.equal(health.body.status, 'ok');
  assert.equal(health.body.venues.length, 1);
  const [venue] = health.body.venues;
  assert.deepEqual([venue.exchange, venue.contracts, venue.trading], ['test', 3, false]);
  const response = await fetch(q.http('/metrics'));
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0.0.4/);
  const text = await response.text();
  assert.match(text, /^ots_ticks_in_total\{exchange="test"\} 1$/m);
  for (const name of [
    'ots_frames_out_total',
    'ots_frames_conflated_total',
    'ots_frames_dropped_total',
    'ots_ws_clients',
    'ots_http_request_duration_seconds',
  ]) {
    assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
  assert.match(
    text,
    /ots_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} 1/,
  );
});

test('CORS: no origin allowed by default; configured origins get the header', async (t) => {
  const closed = await startQuoteGateway(t);
  const plain = await fetch(closed.http('/api/v1/basic/exchanges'), {
    headers: { origin: 'http://localhost:5173' },
  });
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
  const open = await startQuoteGateway(t, { config: { corsOrigins: ['http://localhost:5173'] } });
  const allowed = await fetch(open.http('/api/v1/basic/exchanges'), {
    headers: { origin: 'http://localhost:5173' },
  });
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  const other = await fetch(open.http('/api/v1/basic/exchanges'), {
    headers: { origin: 'http://evil.example' },
  });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('the sim venue: contracts listed and ticks flowing right after start', async (t) => {
  const q = await startQuoteGateway(t, { sim: true, config: { sim: { tickIntervalMs: 20 } } });
  const contracts = (await get(q.http('/api/v1/basic/contracts?exchange=sim'))).body;
  assert.deepEqual(
    contracts.map((c: { symbol: string }) => c.symbol),
    ['sim/btc.usdt', 'sim/eth.usdt', 'sim/eth.btc'],
  );
  const tick = (await get(q.http('/api/v1/quote/single-tick/sim/btc.usdt'))).body;
  assert.equal(tick.contract, 'sim/btc.usdt');
  assert.equal(tick.bids.length, 20);
  assert.ok(tick.bids[0].price < tick.asks[0].price, 'an uncrossed book');
  assert.equal(typeof tick.volume, 'number');
});
