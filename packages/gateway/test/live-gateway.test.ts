/**
 * `ots serve --exchanges okex` end to end against the fake OKX: the flag and the config key, a
 * closed exchange refused at start, contracts and ticks through the gateway's REST, paper accounts
 * created and funded through the admin API, feed outages on /metrics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resolveConfig, resolveServeSettings } from '../src/config.js';
import { type Gateway, startGateway } from '../src/gateway.js';
import { Collector } from './support/fake-exchange/collector.js';
import { FakeOkx } from './support/fake-exchange/okx.js';
import { type OkxGateway, startOkxGateway } from './support/okx-gateway.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-live-gateway-'));
const okx = new FakeOkx();
let live: OkxGateway;
let gateway: Gateway;

before(async () => {
  live = await startOkxGateway({ okx, dataDir: join(dir, 'data') });
  gateway = live.gateway;
});

after(async () => {
  await live.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('--exchanges beats the config file, which lists them as "exchanges"', () => {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ exchanges: ['gate'] }));
  assert.deepEqual(resolveServeSettings({ config: file }, {}).config.exchanges, ['gate']);
  assert.deepEqual(resolveServeSettings({ config: file, exchanges: 'okex, binance' }, {}).config.exchanges, [
    'okex',
    'binance',
  ]);
});

test('exchangeContracts chooses what is streamed; every listed market is still a contract', async () => {
  await okx.subscribed('books', 'BTC-USDT');
  assert.equal(okx.subscribeCount('books', 'ETH-USDT'), 0);
  const contracts = (await (
    await fetch(`${gateway.url}/api/v1/basic/contracts?exchange=okex`)
  ).json()) as Array<{
    symbol: string;
  }>;
  assert.ok(contracts.some((c) => c.symbol === 'okex/eth.usdt'));
  assert.throws(() => resolveConfig({ exchangeContracts: { okex: ['gate/btc.usdt'] } }), {
    code: 'invalid-param',
    message: /exchangeContracts\.okex/,
  });
});

test('a closed exchange in the list stops the gateway from starting, saying it has closed', async () => {
  await assert.rejects(
    startGateway({
      dataDir: join(dir, 'closed'),
      port: 0,
      logger: 'silent',
      config: { exchanges: ['bitmex'], sim: { enabled: false } },
    }),
    { code: 'exg-closed', message: /bitmex/ },
  );
});

test("the exchange's contracts and ticks are served by the gateway", async () => {
  const contracts = (await (
    await fetch(`${gateway.url}/api/v1/basic/contracts?exchange=okex`)
  ).json()) as Array<{
    symbol: string;
    min_change: number;
  }>;
  const btc = contracts.find((c) => c.symbol === 'okex/btc.usdt');
  assert.equal(btc?.min_change, 0.1);
  let tick: { last?: number; asks?: Array<{ price: number }> } = {};
  const seen = new Collector();
  gateway.bus.subscribe('tick', 'okex.>', (t) => seen.tick(t));
  await okx.subscribed('books', 'BTC-USDT');
  okx.updateBook('BTC-USDT', { asks: [[101, 2]] });
  await seen.waitTick(() => true);
  const reply = await fetch(`${gateway.url}/api/v1/quote/single-tick/okex/btc.usdt`);
  assert.equal(reply.status, 200);
  tick = (await reply.json()) as typeof tick;
  assert.equal(tick.last, 100.5);
  assert.equal(tick.asks?.[0]?.price, 101);
});

test("the exchange's trades are zhubi and candles on the gateway", async () => {
  await okx.subscribed('trades', 'BTC-USDT');
  const seen = new Collector();
  gateway.bus.subscribe('zhubi', 'okex.>', (z) => seen.zhubiBatch(z));
  const now = Date.now();
  okx.trade('BTC-USDT', [
    { price: 100.6, amount: 0.5, side: 'buy', ms: now },
    { price: 100.4, amount: 0.25, side: 'sell', ms: now },
  ]);
  await seen.until(() => seen.zhubi.length >= 2);
  const zhubi = (await (
    await fetch(`${gateway.url}/api/v1/quote/zhubi?contract=okex/btc.usdt`)
  ).json()) as Array<{
    price: number;
    bs: string;
  }>;
  assert.deepEqual(zhubi.map((z) => [z.price, z.bs]).sort(), [
    [100.4, 's'],
    [100.6, 'b'],
  ]);
  const reply = await fetch(`${gateway.url}/api/v1/quote/candles?contract=okex/btc.usdt&duration=1m`);
  const candles = (await reply.json()) as Array<{
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
  }>;
  const last = candles.at(-1);
  assert.equal(last?.high, 100.6);
  assert.equal(last?.low, 100.4);
  assert.equal(last?.volume, 0.75);
});

test('paper accounts are created and funded through the admin API; live ones are not funded', async () => {
  const summary = gateway.admin.createAccount('okex/mock-alice', { usdt: 1000 });
  assert.equal(summary.account, 'okex/mock-alice');
  const info = await gateway.venues.get('okex')?.trading?.info('okex/mock-alice');
  assert.equal(info?.cash, 1000);
  assert.throws(() => gateway.admin.createAccount('okex/main', { usdt: 1 }), { code: 'not-allowed' });
});

test('a live account made through the admin API trades with its exchange key, which is never answered back', async () => {
  okx.ledger.addAccount('okx-live-key', 'okx-live-secret', { usdt: 2500 });
  const token = readFileSync(join(dir, 'data', 'admin.token'), 'utf8').trim();
  const reply = await fetch(`${gateway.url}/api/v1/admin/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      account: 'okex/main',
      exchange_key: { api_key: 'okx-live-key', secret: 'okx-live-secret', passphrase: 'okx-pass' },
    }),
  });
  assert.equal(reply.status, 200);
  const text = await reply.text();
  assert.doesNotMatch(text, /okx-live-secret|okx-pass/);
  const info = await gateway.venues.get('okex')?.trading?.info('okex/main');
  assert.equal(info?.cash, 2500);
  const stored = JSON.stringify(gateway.db.prepare('SELECT * FROM live_exchange_keys').all());
  assert.doesNotMatch(stored, /okx-live-secret|okx-pass/);
});

test('a feed outage is counted on /metrics', async () => {
  await okx.subscribed('trades', 'BTC-USDT');
  const seen = new Collector();
  gateway.bus.subscribe('tick', 'okex.>', (t) => seen.tick(t));
  okx.dropConnections();
  await okx.subscribed('books', 'BTC-USDT', 2);
  okx.updateBook('BTC-USDT', { bids: [[100.2, 3]] });
  await seen.waitTick((t) => t.bids[0]?.price === 100.2);
  const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
    venues: Array<{ exchange: string; connected: boolean }>;
  };
  assert.deepEqual(
    health.venues.find((v) => v.exchange === 'okex'),
    { exchange: 'okex', contracts: 2, trading: true, connected: true },
  );
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  assert.match(metrics, /ots_venue_disconnects_total\{exchange="okex"\} 1/);
});
