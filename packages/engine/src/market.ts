/**
 * The engine's view of its contracts: each `EngineContract` turned into integer steps and factors,
 * and the table of currencies with the decimals their balances are counted in.
 */
import { OtsError } from '@ots/protocol';
import type { EngineContract } from './api.js';
import { BookSide } from './book.js';
import { OrderColumns } from './order-columns.js';
import { type DecimalStep, decimalStep, feeRateE7 } from './units.js';

export interface Currency {
  index: number;
  name: string;
  /** Balances are integers of `10^-decimals`. */
  decimals: number;
}

export class Market {
  readonly index: number;
  readonly spec: EngineContract;
  readonly symbol: string;
  /** `{symbol}-`, the start of this market's exchange_oids and exchange_tids. */
  readonly idPrefix: string;
  readonly base: Currency;
  readonly quote: Currency;
  readonly tick: DecimalStep;
  readonly lot: DecimalStep;
  /** Smallest order size in lots (`min_amount` rounded up to the lot grid). */
  readonly minLots: number;
  /** `min_notional` in quote units. */
  readonly minNotionalUnits: number;
  /** Quote units in one tick times one lot. */
  readonly quotePerTickLot: number;
  /** Base units in one lot. */
  readonly basePerLot: number;
  readonly makerFeeE7: number;
  readonly takerFeeE7: number;
  /** The numbers of this market's orders. */
  readonly columns = new OrderColumns();
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  lastTicks = 0;
  /** Since the last `takeTradeStats`. */
  statLots = 0;
  statQuoteUnits = 0;

  constructor(index: number, spec: EngineContract, base: Currency, quote: Currency) {
    this.index = index;
    this.spec = spec;
    this.symbol = spec.symbol;
    this.idPrefix = `${spec.symbol}-`;
    this.base = base;
    this.quote = quote;
    this.tick = stepOrThrow(spec, 'min_change');
    this.lot = stepOrThrow(spec, 'unit_amount');
    const minLots = Math.ceil(spec.min_amount / (this.lot.int / 10 ** this.lot.dec) - 1e-9);
    this.minLots = Math.max(1, minLots);
    this.minNotionalUnits = Math.ceil(spec.min_notional * 10 ** quote.decimals - 1e-6);
    this.quotePerTickLot =
      this.tick.int * this.lot.int * 10 ** (quote.decimals - this.tick.dec - this.lot.dec);
    this.basePerLot = this.lot.int * 10 ** (base.decimals - this.lot.dec);
    this.makerFeeE7 = feeOrThrow(spec, 'maker_fee');
    this.takerFeeE7 = feeOrThrow(spec, 'taker_fee');
  }
}

function stepOrThrow(spec: EngineContract, key: 'min_change' | 'unit_amount'): DecimalStep {
  const step = decimalStep(spec[key]);
  if (!step) {
    throw new OtsError('invalid-param', `${spec.symbol}: ${key} ${spec[key]} must be a positive decimal`);
  }
  return step;
}

function feeOrThrow(spec: EngineContract, key: 'maker_fee' | 'taker_fee'): number {
  const rate = feeRateE7(spec[key]);
  if (rate < 0) {
    throw new OtsError(
      'invalid-param',
      `${spec.symbol}: ${key} ${spec[key]} must be in [0, 1], a multiple of 1e-7`,
    );
  }
  return rate;
}

export interface MarketTable {
  markets: Market[];
  bySymbol: Map<string, Market>;
  currencies: Currency[];
  currencyByName: Map<string, Currency>;
}

/**
 * Builds markets and currencies. A currency's decimals cover every contract that uses it and are
 * at least `minDecimals` (8 by default, like most exchanges' balances), so that fees, which are
 * rounded up to the currency's unit, stay within a hair of their exact value.
 */
export function buildMarkets(contracts: readonly EngineContract[], minDecimals = 8): MarketTable {
  const decimals = new Map<string, number>();
  const need = (name: string, dec: number) =>
    decimals.set(name, Math.max(decimals.get(name) ?? minDecimals, dec));
  for (const c of contracts) {
    if (!c.symbol || !c.base || !c.quote || c.base === c.quote) {
      throw new OtsError(
        'invalid-param',
        `contract ${JSON.stringify(c.symbol)} needs a symbol and two currencies`,
      );
    }
    const tick = stepOrThrow(c, 'min_change');
    const lot = stepOrThrow(c, 'unit_amount');
    need(c.base, lot.dec);
    need(c.quote, tick.dec + lot.dec);
  }
  const currencies: Currency[] = [];
  const currencyByName = new Map<string, Currency>();
  for (const name of [...decimals.keys()].sort()) {
    const currency = { index: currencies.length, name, decimals: decimals.get(name)! };
    currencies.push(currency);
    currencyByName.set(name, currency);
  }
  const markets: Market[] = [];
  const bySymbol = new Map<string, Market>();
  for (const c of contracts) {
    if (bySymbol.has(c.symbol)) throw new OtsError('invalid-param', `contract ${c.symbol} is listed twice`);
    const market = new Market(markets.length, c, currencyByName.get(c.base)!, currencyByName.get(c.quote)!);
    markets.push(market);
    bySymbol.set(c.symbol, market);
  }
  return { markets, bySymbol, currencies, currencyByName };
}
