/**
 * Trading on `bitfinex` accounts through ccxt against the fake Bitfinex. Bitfinex edits orders in
 * place (`order/update`), takes an integer client id (`cid`), and has a minimum order size but no
 * minimum notional.
 */
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES } from '../src/venues/live/exchanges.js';
import { FakeBitfinex } from './support/fake-exchange/bitfinex.js';
import { reconciliationSuite, tradingSuite } from './support/fake-exchange/trading-suite.js';

const contract = 'bitfinex/btc.usdt';
const options = {
  exchange: 'bitfinex',
  dialect: () => new FakeBitfinex(),
  contract,
  marketId: 'tBTCUST',
  // The client_oid has letters, so the `cid` is a 13-digit number derived from it.
  expectedClientId: exchangeClientId(
    LIVE_EXCHANGES.bitfinex as never,
    contract,
    `${contract}-20261125120000abcdefgh000000`,
  ),
  nativeAmend: true,
  notOnThisExchange: { 'min-notional': 'Bitfinex limits the order size, not its value' },
};
tradingSuite(options);
reconciliationSuite({
  ...options,
  exchangeClientIdOf: (clientOid) => exchangeClientId(LIVE_EXCHANGES.bitfinex as never, contract, clientOid),
});
