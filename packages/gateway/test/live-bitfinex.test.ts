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
