import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG, resolveConfig, resolveServeSettings } from '@ots/gateway';
import { TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';

test('config trade section: defaults are the private API defaults, partial sections merged', () => {
  assert.deepEqual(resolveConfig().trade, {
    bodyLimit: 65_536,
    defaultRateLimit: { ratePerSecond: 50, burst: 100 },
    nonceWindow: 1_000,
    authTimeoutMs: 3_000,
    checkpointMs: 1_000,
    commitThread: false,
  });
  const config = resolveConfig({ trade: { nonceWindow: 50, defaultRateLimit: { burst: 5 } as never } });
  assert.equal(config.trade.nonceWindow, 50);
  assert.deepEqual(config.trade.defaultRateLimit, { ratePerSecond: 50, burst: 5 }, 'rate kept, burst set');
  assert.equal(config.trade.bodyLimit, DEFAULT_CONFIG.trade.bodyLimit);
});

test('config trade section: every bad value is refused naming its key', () => {
  const bad: [unknown, RegExp][] = [
    [{ trade: { bodyLimt: 10 } }, /trade\.bodyLimt: expected a known key/],
    [{ trade: { bodyLimit: 0 } }, /trade\.bodyLimit: expected a whole number >= 1/],
    [{ trade: { bodyLimit: '64k' } }, /trade\.bodyLimit/],
    [{ trade: { nonceWindow: 0 } }, /trade\.nonceWindow/],
    [{ trade: { nonceWindow: 1.5 } }, /trade\.nonceWindow/],
    [{ trade: { authTimeoutMs: -1 } }, /trade\.authTimeoutMs/],
    [{ trade: { checkpointMs: -5 } }, /trade\.checkpointMs/],
    [{ trade: { commitThread: 'yes' } }, /trade\.commitThread: expected true or false/],
    [{ trade: { defaultRateLimit: 50 } }, /trade\.defaultRateLimit: expected an object/],
    [{ trade: { defaultRateLimit: { rate: 5 } } }, /trade\.defaultRateLimit\.rate: expected/],
    [{ trade: { defaultRateLimit: { ratePerSecond: -1 } } }, /trade\.defaultRateLimit\.ratePerSecond/],
    [{ trade: { defaultRateLimit: { ratePerSecond: 10, burst: 0 } } }, /trade\.defaultRateLimit\.burst/],
  ];
  for (const [input, message] of bad) {
    assert.throws(() => resolveConfig(input as never), message, JSON.stringify(input));
  }
  assert.equal(
    resolveConfig({ trade: { defaultRateLimit: { ratePerSecond: 0, burst: 0 } } }).trade.checkpointMs,
    1_000,
  );
});

test('config trade section: a config file with a trade key is accepted by ots serve settings', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ots-config-trade-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'ots.json');
  writeFileSync(path, JSON.stringify({ port: 0, trade: { bodyLimit: 2048, nonceWindow: 10 } }));
  const settings = resolveServeSettings({ config: path }, {});
  assert.deepEqual(settings.config, { trade: { bodyLimit: 2048, nonceWindow: 10 } });
  assert.equal(resolveConfig(settings.config).trade.bodyLimit, 2048);
});

test('config trade section reaches the private API: body limit and default rate limit apply', async (t) => {
  const gateway = await tradeGateway(t, {
    // A token every 100 s: the burst of 2 is all this test gets.
    config: { trade: { bodyLimit: 1024, defaultRateLimit: { ratePerSecond: 0.01, burst: 2 } } },
  });
  gateway.admin.createAccount('sim/alice', { usdt: 100_000 });
  const key = gateway.admin.createKey({ accounts: ['sim/alice'] });
  const client = new TradeClient(gateway.url, 'sim/alice', key);
  const big = await client.place({
    contract: 'sim/btc.usdt',
    price: 1,
    bs: 'b',
    amount: 1,
    pad: 'x'.repeat(2000),
  });
  assert.equal(big.status, 413, 'over the configured body limit');
  assert.equal((big.body as unknown as { code: string }).code, 'payload-too-large');
  // A refused oversized body takes no token: two requests pass, the third is refused.
  assert.equal((await client.get('/info')).status, 200);
  assert.equal((await client.get('/info')).status, 200);
  const refused = await client.get('/info');
  assert.equal(refused.status, 429, 'the configured default rate limit');
  assert.equal((refused.body as { code: string }).code, 'exg-rate-limit-exceeded');
});

test('startGateway trade options override the config trade section key by key', async (t) => {
  const gateway = await tradeGateway(t, {
    config: { trade: { bodyLimit: 1024, defaultRateLimit: { ratePerSecond: 0, burst: 0 } } },
    trade: { bodyLimit: 8192 },
  });
  gateway.admin.createAccount('sim/alice', { usdt: 100_000 });
  const client = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'] }),
  );
  const padded = await client.place({
    contract: 'sim/btc.usdt',
    price: 10_000,
    bs: 'b',
    amount: 0.001,
    client_oid: `pad-${'x'.repeat(2000)}`.slice(0, 40),
    note: 'y'.repeat(2000),
  });
  assert.notEqual(padded.status, 413, 'the program option (8192) beats the config (1024)');
});
