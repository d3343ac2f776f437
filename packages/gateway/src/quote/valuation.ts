/**
 * Turnover in "CNY", as the protocol names tick `amount` and candle `amount`: a quote-currency
 * amount is valued in the configured valuation currency (default usdt) through the last price of
 * `{exchange}/{quote}.{valuation}` (or its inverse pair), then multiplied by the configured CNY rate
 * (default 1). With the defaults, a usdt-quoted contract's turnover is its usdt turnover.
 */
import type { ValuationConfig } from '../config.js';

export class Valuation {
  constructor(
    private readonly config: ValuationConfig,
    /** The last price of a contract, if known. */
    private readonly lastPrice: (contract: string) => number | undefined,
  ) {}

  /** CNY per one unit of `contract`'s quote currency, or undefined when no price links them. */
  cnyPerQuote(contract: string): number | undefined {
    const slash = contract.indexOf('/');
    const exchange = contract.slice(0, slash);
    const quote = contract.slice(slash + 1).split('.')[1];
    const valuation = this.config.currency;
    if (quote === valuation) return this.config.cnyRate;
    const direct = this.lastPrice(`${exchange}/${quote}.${valuation}`);
    if (direct !== undefined) return direct * this.config.cnyRate;
    const inverse = this.lastPrice(`${exchange}/${valuation}.${quote}`);
    if (inverse !== undefined && inverse > 0) return this.config.cnyRate / inverse;
    return undefined;
  }

  /** `quoteAmount` of `contract`'s quote currency in CNY; 0 when it cannot be valued yet. */
  cny(contract: string, quoteAmount: number): number {
    const rate = this.cnyPerQuote(contract);
    return rate === undefined ? 0 : quoteAmount * rate;
  }
}
