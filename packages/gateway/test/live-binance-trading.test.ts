/** Trading on `binance` accounts through ccxt against the fake Binance. */
import { FakeBinance } from './support/fake-exchange/binance.js';
import { tradingSuite } from './support/fake-exchange/trading-suite.js';

tradingSuite({
  exchange: 'binance',
  dialect: () => new FakeBinance(),
  contract: 'binance/btc.usdt',
  marketId: 'BTCUSDT',
  expectedClientId: '20261125120000abcdefgh000000',
  // Binance spot has no in-place edit: ccxt's editOrder is cancelReplace.
  nativeAmend: false,
});
