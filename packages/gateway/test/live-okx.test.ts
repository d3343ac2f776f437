/**
 * OKX through ccxt against the fake OKX: the `okex` (spot) venue's markets and market data.
 */

import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';
import { FakeOkx } from './support/fake-exchange/okx.js';

marketDataSuite({
  exchange: 'okex',
  dialect: () => new FakeOkx(),
  contract: 'okex/btc.usdt',
  marketId: 'BTC-USDT',
  spec: {
    name: 'btc.usdt',
    min_change: 0.1,
    min_amount: 0.00001,
    unit_amount: 0.00000001,
    alias: 'BTC-USDT',
  },
  otherContract: 'okex/eth.usdt',
});
