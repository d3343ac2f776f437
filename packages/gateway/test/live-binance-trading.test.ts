/** Trading on `binance` accounts through ccxt against the fake Binance. */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakeBinance } from './support/fake-exchange/binance.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const options = {
  exchange: 'binance',
  dialect: () => new FakeBinance(),
  contract: 'binance/btc.usdt',
  marketId: 'BTCUSDT',
  expectedClientId: '20261125120000abcdefgh000000',
  // Binance spot has no in-place edit: ccxt's editOrder is cancelReplace.
  nativeAmend: false,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});
