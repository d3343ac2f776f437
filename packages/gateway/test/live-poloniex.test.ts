/**
 * Poloniex through ccxt against the fake Poloniex: the `poloniex` (spot) venue's markets and market
 * data. A gap is an update whose `lastId` is not the previous update's `id` (a check ccxt lacks;
 * quirks-part-two.ts).
 */
import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';
import { FakePoloniex } from './support/fake-exchange/poloniex.js';

marketDataSuite({
  exchange: 'poloniex',
  dialect: () => new FakePoloniex(),
  contract: 'poloniex/btc.usdt',
  marketId: 'BTC_USDT',
  spec: { name: 'btc.usdt', min_change: 0.01, min_amount: 0.000001, unit_amount: 0.000001, min_notional: 1 },
  otherContract: 'poloniex/eth.usdt',
});
