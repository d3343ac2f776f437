/** Trading on `gate` accounts through ccxt against the fake Gate. */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakeGate } from './support/fake-exchange/gate.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const contract = 'gate/btc.usdt';
const options = {
  exchange: 'gate',
  dialect: () => new FakeGate(),
  contract,
  marketId: 'BTC_USDT',
  // `t-` + 28 characters is over Gate's limit: the text is `t-` and a digest of the client_oid.
  expectedClientId: exchangeClientId(
    LIVE_EXCHANGES.gate,
    contract,
    `${contract}-20261125120000abcdefgh000000`,
  ),
  nativeAmend: true,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});
