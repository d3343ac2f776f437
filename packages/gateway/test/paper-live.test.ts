/**
 * Paper accounts (`mock-*`) on a live exchange: orders rest in the engine and fill against the live
 * feed of the fake exchange, with the exchange's fee rates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORDER_STATUSES } from '@ots/protocol';
import Database from 'better-sqlite3';
import { TradeStore } from '../src/trade/trade-store.js';
import { LiveVenue } from '../src/venues/live/live-venue.js';
import { openPaperTrading } from '../src/venues/paper/open-paper.js';
import type { PaperTrading } from '../src/venues/paper/paper-trading.js';
import type { BaseDialect } from './support/fake-exchange/base-dialect.js';
import { FakeBinance } from './support/fake-exchange/binance.js';
import { FakeBitfinex } from './support/fake-exchange/bitfinex.js';
import { FakeBithumb } from './support/fake-exchange/bithumb.js';
import { Collector } from './support/fake-exchange/collector.js';
import { FakeGate } from './support/fake-exchange/gate.js';
import { FakeHtx } from './support/fake-exchange/htx.js';
import { FakeOkx } from './support/fake-exchange/okx.js';
import { FakePoloniex } from './support/fake-exchange/poloniex.js';
import { FakeExchangeServer, harnessUrl } from './support/fake-exchange/server.js';

const CASES: Array<{ exchange: string; dialect: () => BaseDialect; contract: string; marketId: string }> = [
  { exchange: 'okex', dialect: () => new FakeOkx(), contract: 'okex/btc.usdt', marketId: 'BTC-USDT' },
  { exchange: 'gate', dialect: () => new FakeGate(), contract: 'gate/btc.usdt', marketId: 'BTC_USDT' },
  {
    exchange: 'binance',
    dialect: () => new FakeBinance(),
    contract: 'binance/btc.usdt',
    marketId: 'BTCUSDT',
  },
  // Part two: HTX spot, Bitfinex (USDT is UST there), Poloniex, Bithumb's USDT market.
  { exchange: 'huobip', dialect: () => new FakeHtx(), contract: 'huobip/btc.usdt', marketId: 'btcusdt' },
  {
    exchange: 'bitfinex',
    dialect: () => new FakeBitfinex(),
    contract: 'bitfinex/btc.usdt',
    marketId: 'tBTCUST',
  },
  {
    exchange: 'poloniex',
    dialect: () => new FakePoloniex(),
    contract: 'poloniex/btc.usdt',
    marketId: 'BTC_USDT',
  },
  {
    exchange: 'bithumb',
    dialect: () => new FakeBithumb(),
    contract: 'bithumb/btc.usdt',
    marketId: 'USDT-BTC',
  },
];

for (const c of CASES) {
  describe(`${c.exchange} paper account`, () => {
    let server: FakeExchangeServer;
    let fake: BaseDialect;
    let venue: LiveVenue;
    let paper: PaperTrading;
    const seen = new Collector();
    const account = `${c.exchange}/mock-alice`;
    let n = 0;
    const place = (bs: 'b' | 's', price: number, amount: number) =>
      venue.trading?.placeOrder(account, {
        contract: c.contract,
        bs,
        price,
        amount,
        client_oid: `${c.contract}-paper${++n}`,
        options: {},
        tags: {},
      }) as Promise<import('@ots/protocol').Order>;

    before(async () => {
      fake = c.dialect();
      server = await new FakeExchangeServer([fake]).start();
      fake.book(c.marketId).set(
        [
          [100, 1],
          [99, 2],
        ],
        [
          [101, 2],
          [102, 3],
        ],
      );
      fake.lastPrices.set(c.marketId, 100.5);
      venue = new LiveVenue({
        exchange: c.exchange,
        contracts: [c.contract],
        rewriteUrl: (url) => harnessUrl(server.origin, fake.id, url),
      });
      paper = await openPaperTrading(venue, new TradeStore(new Database(':memory:')));
      await venue.start(seen.sink);
      paper.deposit(account, 'usdt', 10_000);
      await seen.waitTick((t) => t.asks[0]?.price === 101);
      await fake.subscribed(fake.tradeChannel, c.marketId);
    });

    after(async () => {
      await venue.stop();
      await server.stop();
    });

    test(`${c.exchange}: a resting paper order fills by live trades through its price, partly then fully`, async () => {
      const order = await place('b', 100.5, 0.3);
      assert.equal(order.status, 'pending');
      const maker = venue.marketMap.forContract(c.contract).market.maker ?? 0;

      const trade = async (price: number, amount: number) => {
        const count = seen.zhubi.length;
        fake.trade(c.marketId, [{ price, amount, side: 'sell' }]);
        await seen.until(() => seen.zhubi.length > count);
        const [now] = await venue.trading!.orders(account, {
          client_oids: [order.client_oid],
          statuses: ORDER_STATUSES,
        });
        return now!;
      };
      assert.equal((await trade(100.5, 1)).dealt_amount, 0, 'a trade at its price is not through it');
      const partly = await trade(100.2, 0.1);
      assert.equal(partly.status, 'part-deal-pending');
      assert.equal(partly.dealt_amount, 0.1);
      const full = await trade(100, 0.5);
      assert.equal(full.status, 'dealt');
      assert.equal(full.dealt_amount, 0.3);
      assert.equal(full.average_dealt_price, 100.5, 'a resting order fills at its own price');

      const fills = await venue.trading!.fills(account, { contract: c.contract });
      const mine = fills.filter((f) => f.client_oid === order.client_oid);
      assert.equal(mine.length, 2);
      for (const f of mine) {
        assert.equal(f.dealt_type, 'maker');
        assert.ok(
          Math.abs(f.commission - f.dealt_amount * maker) < 1e-9,
          `maker fee ${maker} on ${f.dealt_amount}`,
        );
      }
    });

    test(`${c.exchange}: a marketable paper order takes the live book at live prices, as a taker`, async () => {
      const taker = venue.marketMap.forContract(c.contract).market.taker ?? 0;
      const order = await place('b', 102, 1.5);
      assert.equal(order.status, 'dealt');
      assert.equal(order.average_dealt_price, 101);
      const fills = await venue.trading!.fills(account, { contract: c.contract });
      const fill = fills.find((f) => f.client_oid === order.client_oid);
      assert.equal(fill?.dealt_type, 'taker');
      assert.ok(Math.abs((fill?.commission ?? 0) - 1.5 * taker) < 1e-9);
      const info = await venue.trading!.info(account);
      const btc = info.position.find((p) => p.contract === 'btc') as { total_amount: number } | undefined;
      assert.ok(btc && btc.total_amount > 1.7, `btc bought: ${btc?.total_amount}`);
    });

    test(`${c.exchange}: live accounts of the exchange are not paper accounts`, async () => {
      await assert.rejects(venue.trading!.info(`${c.exchange}/main`), { code: 'not-allowed' });
    });
  });
}
