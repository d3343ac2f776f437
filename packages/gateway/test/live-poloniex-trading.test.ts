/**
 * Trading on `poloniex` accounts through ccxt against the fake Poloniex. Poloniex's amend is its own
 * cancel-replace (a new order id), reported as cancel-and-replace in the order's `comment`.
 */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakePoloniex } from './support/fake-exchange/poloniex.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const options = {
  exchange: 'poloniex',
  dialect: () => new FakePoloniex(),
  contract: 'poloniex/btc.usdt',
  marketId: 'BTC_USDT',
  expectedClientId: '20261125120000abcdefgh000000',
  nativeAmend: false,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});
