/**
 * Integer money. A decimal step such as `min_change` 0.25 is `int / 10^dec` (25 / 10^2); prices are
 * counted in ticks, amounts in lots, and each currency's balances in its smallest unit,
 * `10^-decimals`, with `decimals` large enough for every contract that uses the currency.
 */

const MAX_DECIMALS = 12;

/** Powers of ten by exponent: `10 ** n` with a variable `n` is a slow call on the hot path. */
const POW10: readonly number[] = Array.from({ length: 24 }, (_, n) => 10 ** n);

function pow10(n: number): number {
  return POW10[n] ?? 10 ** n;
}

export interface DecimalStep {
  int: number;
  dec: number;
  /** `10 ** dec`. */
  scale: number;
}

/** The step as an integer over a power of ten, or undefined when it has more than 12 decimals. */
export function decimalStep(value: number): DecimalStep | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  for (let dec = 0; dec <= MAX_DECIMALS; dec++) {
    const scaled = value * 10 ** dec;
    const int = Math.round(scaled);
    if (int > 0 && Math.abs(scaled - int) <= 1e-9 * Math.max(1, scaled))
      return { int, dec, scale: pow10(dec) };
  }
  return undefined;
}

/**
 * How many whole steps `value` is, or -1 when it is off the grid (or not a finite number).
 * Tolerates the float noise of a decimal written in binary (0.1 + 0.2), nothing more: parsing,
 * scaling and dividing each add at most half an ulp (about 1e-16 relative), so 1e-12 relative is
 * ample, while a price off by a fraction of a tick at millions of ticks (30000.001 on a 0.01 grid)
 * is still refused instead of silently rounded.
 */
export function stepsOf(value: number, step: DecimalStep): number {
  if (!Number.isFinite(value)) return -1;
  const scaled = (value * step.scale) / step.int;
  const steps = Math.round(scaled);
  if (Math.abs(scaled - steps) > 1e-12 * Math.max(1, Math.abs(scaled))) return -1;
  return steps;
}

/** `count` steps as a protocol number, correctly rounded (integer / power of ten). */
export function stepsToNumber(count: number, step: DecimalStep): number {
  return (count * step.int) / step.scale;
}

/** Units of a currency with `decimals` as a protocol number. */
export function unitsToNumber(units: number, decimals: number): number {
  return units / pow10(decimals);
}

/** A protocol number as units of a currency with `decimals`, or -1 when it is off that grid. */
export function numberToUnits(value: number, decimals: number): number {
  return stepsOf(value, { int: 1, dec: decimals, scale: pow10(decimals) });
}

/** Fee rates are kept as integers of 1e-7 so fees are exact. */
export const FEE_RATE_SCALE = 1e7;

/** The fee rate as an integer of 1e-7, or -1 when it is negative or finer than that. */
export function feeRateE7(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) return -1;
  const scaled = rate * FEE_RATE_SCALE;
  const int = Math.round(scaled);
  return Math.abs(scaled - int) <= 1e-6 ? int : -1;
}

/**
 * `ceil(units * rateE7 / 1e7)` without leaving safe integers: the division is split so no product
 * exceeds 1e14. Rounding up keeps the house whole; the same integer leaves the payer and reaches the
 * fee pot, so conservation stays exact.
 */
export function feeUnits(units: number, rateE7: number): number {
  if (rateE7 === 0 || units === 0) return 0;
  const whole = Math.floor(units / FEE_RATE_SCALE);
  const rest = units - whole * FEE_RATE_SCALE;
  return whole * rateE7 + Math.ceil((rest * rateE7) / FEE_RATE_SCALE);
}
