/**
 * Trading on `huobip` (HTX spot) accounts through ccxt against the fake HTX. HTX has no order edit:
 * an amend is cancel-and-replace, said in the order's `comment`. The fake refuses a client order id
 * used within 24 hours, as HTX does, so the amend test also proves the replacement gets its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { LiveTrading } from '../src/venues/live/live-trading.js';
import { LiveVenue } from '../src/venues/live/live-venue.js';
import { LiveOrderStore } from '../src/venues/live/order-store.js';
import { FakeHtx } from './support/fake-exchange/htx.js';
import { FakeExchangeServer, harnessUrl } from './support/fake-exchange/server.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const options = {
  exchange: 'huobip',
  dialect: () => new FakeHtx(),
  contract: 'huobip/btc.usdt',
  marketId: 'btcusdt',
  // The client_oid's own part fits HTX's `client-order-id` as it is.
  expectedClientId: '20261125120000abcdefgh000000',
  nativeAmend: false,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});

test('trading on HTX perpetuals (huobiuswap, huobiswap) is refused as not offered yet; their market data is', async () => {
  const fake = new FakeHtx();
  const server = await new FakeExchangeServer([fake]).start();
  const rewriteUrl = (url: string) => harnessUrl(server.origin, fake.id, url);
  try {
    for (const [exchange, contract] of [
      ['huobiuswap', 'huobiuswap/btc.usdt.td'],
      ['huobiswap', 'huobiswap/btc.usd.td'],
    ] as const) {
      const venue = new LiveVenue({ exchange, rewriteUrl });
      const trading = new LiveTrading({
        venue,
        store: new LiveOrderStore(new Database(':memory:')),
        rewriteUrl,
        credentials: () => ({ apiKey: 'key-main', secret: 'secret-main' }),
      });
      await assert.rejects(
        trading.placeOrder(`${exchange}/main`, {
          contract,
          bs: 'b',
          price: 90,
          amount: 1,
          client_oid: `${contract}-20261125120000abcdefgh000000`,
          options: {},
          tags: {},
        }),
        { code: 'not-allowed' },
      );
      assert.equal(fake.ledger.orders.size, 0);
      await trading.close();
      await venue.stop();
    }
  } finally {
    await server.stop();
  }
});
