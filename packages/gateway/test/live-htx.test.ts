/**
 * HTX (formerly Huobi) through ccxt against the fake HTX: the `huobip` (spot), `huobiuswap`
 * (USDT-margined perpetual) and `huobiswap` (coin-margined perpetual) venues' markets and market
 * data, over gzip-compressed websocket frames. A spot gap is a `prevSeqNum` that does not follow;
 * a perpetual gap is a `version` that does not follow (a check ccxt lacks; quirks-part-two.ts).
 */
import { describe } from 'node:test';
import { FakeHtx } from './support/fake-exchange/htx.js';
import { marketDataSuite } from './support/fake-exchange/market-data-suite.js';

describe('huobip', () => {
  marketDataSuite({
    exchange: 'huobip',
    dialect: () => new FakeHtx(),
    contract: 'huobip/btc.usdt',
    marketId: 'btcusdt',
    spec: { name: 'btc.usdt', min_change: 0.01, min_amount: 0.0001, unit_amount: 0.000001, min_notional: 5 },
    otherContract: 'huobip/eth.usdt',
  });
});

describe('huobiuswap', () => {
  marketDataSuite({
    exchange: 'huobiuswap',
    dialect: () => new FakeHtx(),
    contract: 'huobiuswap/btc.usdt.td',
    marketId: 'BTC-USDT',
    spec: { name: 'btc.usdt.td', min_change: 0.1, unit_amount: 1 },
    otherContract: 'huobiuswap/eth.usdt.td',
  });
});

describe('huobiswap', () => {
  marketDataSuite({
    exchange: 'huobiswap',
    dialect: () => new FakeHtx(),
    contract: 'huobiswap/btc.usd.td',
    marketId: 'BTC-USD',
    spec: { name: 'btc.usd.td', min_change: 0.1, unit_amount: 1 },
    otherContract: 'huobiswap/eth.usd.td',
  });
});
