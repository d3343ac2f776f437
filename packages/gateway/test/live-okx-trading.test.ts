/** Trading on `okex` accounts through ccxt against the fake OKX. */
import { FakeOkx } from './support/fake-exchange/okx.js';
import { tradingSuite } from './support/fake-exchange/trading-suite.js';

tradingSuite({
  exchange: 'okex',
  dialect: () => new FakeOkx(),
  contract: 'okex/btc.usdt',
  marketId: 'BTC-USDT',
  // clOrdId takes up to 32 letters and digits: the client_oid's own part fits as it is.
  expectedClientId: '20261125120000abcdefgh000000',
  nativeAmend: true,
});
