/**
 * Price steps for exchanges that give significant-digit precision (bitfinex: 5, bithumb: 4 in ccxt
 * 4.5.84) instead of a fixed tick. A price with `d` significant digits moves in steps of
 * `10^(e - d + 1)`, where `e` is the decimal exponent of the price (`floor(log10(price))`):
 * with 5 digits, 43 210 moves by 1, 1.2345 by 0.0001 and 0.000012345 by 0.000000001.
 *
 * The protocol's `min_change` is one number per contract, so it is derived from a reference price
 * (the last traded price when the markets are loaded): it is exact for prices of the same order of
 * magnitude and conservative (a multiple of the true step) for lower prices.
 *
 * Amounts: both exchanges accept 8 decimal places, so `unit_amount` is 1e-8 (ccxt also cuts an
 * amount to its significant digits before sending it; the order then carries that amount).
 */

/** The amount step of the significant-digit exchanges: 8 decimal places. */
export const SIGNIFICANT_DIGIT_AMOUNT_STEP = 1e-8;

/** The step of a price with `digits` significant digits; undefined when the price is not positive. */
export function significantStep(price: number, digits: number): number | undefined {
  if (!(price > 0) || !Number.isFinite(price) || !Number.isInteger(digits) || digits < 1) return undefined;
  let exponent = Math.floor(Math.log10(price));
  // log10 is inexact near powers of ten (log10(1000) may give 2.9999999999999996); settle it exactly.
  if (10 ** (exponent + 1) <= price) exponent += 1;
  else if (10 ** exponent > price) exponent -= 1;
  // `1e-9` parsed from text is the nearest double to the decimal step, unlike 10 ** -9.
  return Number(`1e${exponent - digits + 1}`);
}

/** The part of a ccxt client read for reference prices. */
interface TickerSource {
  fetchTickers(): Promise<Record<string, { last?: number | undefined } | undefined>>;
}

/** The last traded price of every market, from one tickers call, as the reference prices. */
export async function referencePrices(
  client: TickerSource,
): Promise<{ referencePrice(symbol: string): number | undefined }> {
  const tickers = await client.fetchTickers();
  const prices = new Map<string, number>();
  for (const [symbol, ticker] of Object.entries(tickers)) {
    if (typeof ticker?.last === 'number' && ticker.last > 0) prices.set(symbol, ticker.last);
  }
  return { referencePrice: (symbol) => prices.get(symbol) };
}
