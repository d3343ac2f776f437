/**
 * Trading on `huobip` (HTX spot) accounts through ccxt against the fake HTX. HTX has no order edit:
 * an amend is cancel-and-replace, said in the order's `comment`. The fake refuses a client order id
 * used within 24 hours, as HTX does, so the amend test also proves the replacement gets its own.
 */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakeHtx } from './support/fake-exchange/htx.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const options = {
  exchange: 'huobip',
  dialect: () => new FakeHtx(),
  contract: 'huobip/btc.usdt',
  marketId: 'btcusdt',
  // The client_oid's own part fits HTX's `client-order-id` as it is.
  expectedClientId: '20261125120000abcdefgh000000',
  nativeAmend: false,
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) =>
    exchangeClientId(LIVE_EXCHANGES[options.exchange] as never, options.contract, clientOid),
});
