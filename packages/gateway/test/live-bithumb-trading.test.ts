/**
 * Trading on `bithumb` accounts through ccxt against the fake Bithumb (API 2.x). Bithumb has no
 * order edit (an amend is cancel-and-replace, said in `comment`), and its fills carry no id, no
 * maker/taker and no fee of their own: a fill's id is `{order id}-{n}`.
 */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakeBithumb } from './support/fake-exchange/bithumb.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const options = {
  exchange: 'bithumb',
  dialect: () => new FakeBithumb(),
  contract: 'bithumb/btc.usdt',
  marketId: 'USDT-BTC',
  expectedClientId: '20261125120000abcdefgh000000',
  nativeAmend: false,
  bareFills: true,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});
