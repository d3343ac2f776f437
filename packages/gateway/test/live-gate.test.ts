/**
 * Gate through ccxt against the fake Gate: the `gate` (spot) venue's markets and market data.
 */
import { FakeGate } from './support/fake-exchange/gate.js';
import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';

marketDataSuite({
  exchange: 'gate',
  dialect: () => new FakeGate(),
  contract: 'gate/btc.usdt',
  marketId: 'BTC_USDT',
  spec: { name: 'btc.usdt', min_change: 0.1, min_amount: 0.00001, unit_amount: 0.000001, min_notional: 3 },
  otherContract: 'gate/eth.usdt',
});
