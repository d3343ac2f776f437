/**
 * Bitfinex through ccxt against the fake Bitfinex: the `bitfinex` (spot) venue's markets and market
 * data. Bitfinex has no sequence numbers: a lost update shows as a checksum mismatch, which gives a
 * fresh book (the old channel unsubscribed first, or Bitfinex refuses the new one as a duplicate).
 * Prices have 5 significant digits, so `min_change` is derived from each market's last price.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveVenue } from '../src/venues/live/live-venue.js';
import { FakeBitfinex } from './support/fake-exchange/bitfinex.js';
import { Collector } from './support/fake-exchange/collector.js';
import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';
import { FakeExchangeServer, harnessUrl } from './support/fake-exchange/server.js';

describe('bitfinex market data', () => {
  marketDataSuite({
    exchange: 'bitfinex',
    dialect: () => new FakeBitfinex(),
    contract: 'bitfinex/btc.usd',
    marketId: 'tBTCUSD',
    // last 100.5 with 5 significant digits: steps of 0.01.
    spec: { name: 'btc.usd', min_change: 0.01, min_amount: 0.00004, unit_amount: 0.00000001 },
    otherContract: 'bitfinex/eth.usd',
  });
});

describe('bitfinex significant-digit prices', () => {
  test('min_change follows each market price: 43 210 → 1, 2 345.6 → 0.1, 0.000012345 → 0.000000001', async () => {
    const fake = new FakeBitfinex();
    const server = await new FakeExchangeServer([fake]).start();
    try {
      fake.lastPrices.set('tBTCUSD', 43210);
      const venue = new LiveVenue({
        exchange: 'bitfinex',
        rewriteUrl: (url) => harnessUrl(server.origin, fake.id, url),
      });
      const markets = await venue.loadMarkets();
      const step = (contract: string) => markets.forContract(contract).spec.min_change;
      assert.equal(step('bitfinex/btc.usd'), 1);
      assert.equal(step('bitfinex/eth.usd'), 0.1);
      assert.equal(step('bitfinex/shib.usd'), 1e-9);
      // Bitfinex's UST is ccxt's USDT.
      assert.equal(step('bitfinex/btc.usdt'), 1);
      await venue.stop();
    } finally {
      await server.stop();
    }
  });

  test('a market without a last price yet is left out rather than given a made-up step', async () => {
    const fake = new FakeBitfinex();
    const server = await new FakeExchangeServer([fake]).start();
    try {
      fake.lastPrices.delete('tETHUSD');
      fake.lastPrices.set('tBTCUSD', 100.5);
      const venue = new LiveVenue({
        exchange: 'bitfinex',
        rewriteUrl: (url) => harnessUrl(server.origin, fake.id, url),
      });
      const markets = await venue.loadMarkets();
      assert.equal(markets.has('bitfinex/eth.usd'), false);
      assert.equal(markets.has('bitfinex/btc.usd'), true);
      await venue.stop();
    } finally {
      await server.stop();
    }
  });
});

describe('bitfinex channels', () => {
  test('a checksum mismatch closes the old book channel before subscribing again, and a reconnect does not replay old trades as zhubi', async () => {
    const fake = new FakeBitfinex();
    const server = await new FakeExchangeServer([fake]).start();
    const seen = new Collector();
    const venue = new LiveVenue({
      exchange: 'bitfinex',
      contracts: ['bitfinex/btc.usd'],
      rewriteUrl: (url) => harnessUrl(server.origin, fake.id, url),
      backoff: { initialMs: 5, maxMs: 20 },
      onStatus: seen.status,
    });
    try {
      fake.book('tBTCUSD').set([[100, 1]], [[101, 1]]);
      fake.lastPrices.set('tBTCUSD', 100.5);
      await venue.start(seen.sink);
      await fake.subscribed('book', 'tBTCUSD');
      await fake.subscribed('trades', 'tBTCUSD');
      // Checksums flow once ccxt has sent its `conf` (after its first book): book updates until one has.
      while (fake.checksumsSent === 0) {
        const from = seen.ticks.length;
        fake.updateBook('tBTCUSD', { bids: [[99, 2 + from]] });
        await seen.waitTick(() => true, from);
      }
      fake.trade('tBTCUSD', [{ price: 100.5, amount: 0.5, side: 'buy' }]);
      await seen.until(() => seen.zhubi.length === 1);

      fake.book('tBTCUSD').apply('asks', [[101, 0]]);
      fake.updateBook('tBTCUSD', { asks: [[102, 3]] }, { gap: true });
      await seen.waitStatus('book-reset');
      await fake.subscribed('book', 'tBTCUSD', 2);
      assert.equal(fake.unsubscribes, 1, 'the old channel was closed first');
      await seen.waitTick((t) => t.asks[0]?.price === 102);

      // After a reconnect Bitfinex opens the trades channel with its recent trades (the one above).
      const statuses = seen.statuses.length;
      fake.dropConnections();
      await seen.waitStatus('connected', statuses);
      await fake.subscribed('trades', 'tBTCUSD', 2);
      fake.trade('tBTCUSD', [{ price: 100.25, amount: 0.25, side: 'sell' }]);
      await seen.until(() => seen.zhubi.length >= 2);
      assert.deepEqual(
        seen.zhubi.map((z) => (z as unknown as { price: number }).price),
        [100.5, 100.25],
        'each trade once',
      );
    } finally {
      await venue.stop();
      await server.stop();
    }
  });
});
