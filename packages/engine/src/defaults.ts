/**
 * The `sim` exchange's default contracts and synthetic market: three pairs whose cross
 * (`eth.btc`) follows the other two. The gateway starts from these unless configured otherwise.
 */
import type { EngineConfig, EngineContract, SyntheticMarketConfig } from './api.js';

export const DEFAULT_SIM_CONTRACTS: readonly EngineContract[] = [
  {
    symbol: 'sim/btc.usdt',
    base: 'btc',
    quote: 'usdt',
    min_change: 0.01,
    min_amount: 0.0001,
    unit_amount: 0.0001,
    min_notional: 1,
    maker_fee: 0.0008,
    taker_fee: 0.001,
  },
  {
    symbol: 'sim/eth.usdt',
    base: 'eth',
    quote: 'usdt',
    min_change: 0.01,
    min_amount: 0.001,
    unit_amount: 0.001,
    min_notional: 1,
    maker_fee: 0.0008,
    taker_fee: 0.001,
  },
  {
    symbol: 'sim/eth.btc',
    base: 'eth',
    quote: 'btc',
    min_change: 0.00001,
    min_amount: 0.001,
    unit_amount: 0.001,
    min_notional: 0.00001,
    maker_fee: 0.0008,
    taker_fee: 0.001,
  },
];

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  contracts: [...DEFAULT_SIM_CONTRACTS],
  valuationCurrency: 'usdt',
  cnyRate: 1,
};

export const DEFAULT_MARKET_CONFIG: SyntheticMarketConfig = {
  seed: 20180403,
  contracts: [
    {
      contract: 'sim/btc.usdt',
      fairPrice: 60000,
      volatility: 0.00015,
      halfSpreadTicks: 25,
      levelGapTicks: 50,
      levels: 20,
      minQuoteAmount: 0.01,
      maxQuoteAmount: 0.5,
      takerRate: 2,
      minTakerAmount: 0.001,
      maxTakerAmount: 0.2,
    },
    {
      contract: 'sim/eth.usdt',
      fairPrice: 3000,
      volatility: 0.0002,
      halfSpreadTicks: 2,
      levelGapTicks: 5,
      levels: 20,
      minQuoteAmount: 0.05,
      maxQuoteAmount: 5,
      takerRate: 2,
      minTakerAmount: 0.01,
      maxTakerAmount: 2,
    },
    {
      contract: 'sim/eth.btc',
      fairPrice: 0.05,
      crossOf: { numerator: 'sim/eth.usdt', denominator: 'sim/btc.usdt' },
      volatility: 0,
      halfSpreadTicks: 1,
      levelGapTicks: 1,
      levels: 15,
      minQuoteAmount: 0.05,
      maxQuoteAmount: 5,
      takerRate: 1,
      minTakerAmount: 0.01,
      maxTakerAmount: 1,
    },
  ],
};
