/**
 * Binance through ccxt against the fake Binance: the `binance` (spot) venue's markets and market data.
 */
import { FakeBinance } from './support/fake-exchange/binance.js';
import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';

marketDataSuite({
  exchange: 'binance',
  dialect: () => new FakeBinance(),
  contract: 'binance/btc.usdt',
  marketId: 'BTCUSDT',
  spec: { name: 'btc.usdt', min_change: 0.01, min_amount: 0.00001, unit_amount: 0.00001, min_notional: 5 },
  otherContract: 'binance/eth.usdt',
});
