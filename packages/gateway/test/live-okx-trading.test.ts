/** Trading on `okex` accounts through ccxt against the fake OKX. */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakeOkx } from './support/fake-exchange/okx.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const options = {
  exchange: 'okex',
  dialect: () => new FakeOkx(),
  contract: 'okex/btc.usdt',
  marketId: 'BTC-USDT',
  // clOrdId takes up to 32 letters and digits: the client_oid's own part fits as it is.
  expectedClientId: '20261125120000abcdefgh000000',
  nativeAmend: true,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});
