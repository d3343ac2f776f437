/**
 * Bithumb through ccxt against the fake Bithumb: the `bithumb` (spot) venue's markets and market
 * data. Every orderbook push is the whole top of the book, so a lost push cannot leave a stale
 * book. Prices have 4 significant digits, so `min_change` is derived from each market's last price.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveVenue } from '../src/venues/live/live-venue.js';
import { FakeBithumb } from './support/fake-exchange/bithumb.js';
import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';
import { FakeExchangeServer, harnessUrl } from './support/fake-exchange/server.js';

describe('bithumb market data', () => {
  marketDataSuite({
    exchange: 'bithumb',
    dialect: () => new FakeBithumb(),
    contract: 'bithumb/btc.krw',
    marketId: 'KRW-BTC',
    // last 100.5 with 4 significant digits: steps of 0.1.
    spec: { name: 'btc.krw', min_change: 0.1, unit_amount: 0.00000001 },
    otherContract: 'bithumb/eth.krw',
    fullBookPushes: true,
  });
});

describe('bithumb significant-digit prices', () => {
  test('min_change follows each market price: 140 000 000 → 100 000, 4 567 000 → 1 000, 3 456 → 1, 0.03456 → 0.00001', async () => {
    const fake = new FakeBithumb();
    const server = await new FakeExchangeServer([fake]).start();
    try {
      fake.lastPrices.set('KRW-BTC', 140_000_000);
      const venue = new LiveVenue({
        exchange: 'bithumb',
        rewriteUrl: (url) => harnessUrl(server.origin, fake.id, url),
      });
      const markets = await venue.loadMarkets();
      const step = (contract: string) => markets.forContract(contract).spec.min_change;
      assert.equal(step('bithumb/btc.krw'), 100_000);
      assert.equal(step('bithumb/eth.krw'), 1000);
      assert.equal(step('bithumb/xrp.krw'), 1);
      assert.equal(step('bithumb/eth.btc'), 0.00001);
      await venue.stop();
    } finally {
      await server.stop();
    }
  });
});
