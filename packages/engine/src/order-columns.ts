/**
 * The numbers of a market's orders, kept in one Float64Array: order `slot` owns the `STRIDE`
 * numbers from `slot * STRIDE` (its fields side by side, so reading an order touches one or two
 * cache lines).
 *
 * Why: an order lives long (it rests), and an object full of numbers costs the garbage collector
 * at every young-generation collection it survives (each large number is a boxed double of its
 * own). Kept here, the numbers are invisible to the collector and cost 8 bytes each; the order
 * object keeps only references. Slots of finished orders are reused.
 */
export const F_PRICE_TICKS = 0;
export const F_LOTS = 1;
export const F_DEALT_LOTS = 2;
export const F_LAST_DEALT_LOTS = 3;
export const F_DEALT_QUOTE_UNITS = 4;
export const F_COMMISSION_UNITS = 5;
export const F_FROZEN_UNITS = 6;
export const F_VERSION = 7;
export const F_PRIORITY = 8;
export const F_ENTRUST_US = 9;
export const F_LAST_UPDATE_US = 10;
export const STRIDE = 11;

export class OrderColumns {
  private capacity = 256;
  private used = 0;
  private readonly free: number[] = [];
  data: Float64Array;

  constructor() {
    // Stored twice on purpose: a field V8 saw stored once counts as constant, and the first
    // `grow` would then throw away every optimised function that reads an order's numbers.
    this.data = new Float64Array(0);
    this.data = new Float64Array(this.capacity * STRIDE);
  }

  /** The base offset of a zeroed slot. */
  allocate(): number {
    if (this.free.length > 0) {
      const base = this.free.pop()!;
      // A loop, not `fill`: a runtime call costs more than eleven stores.
      const data = this.data;
      for (let i = base; i < base + STRIDE; i++) data[i] = 0;
      return base;
    }
    if (this.used === this.capacity) this.grow();
    return this.used++ * STRIDE;
  }

  release(base: number): void {
    this.free.push(base);
  }

  private grow(): void {
    this.capacity *= 2;
    const next = new Float64Array(this.capacity * STRIDE);
    next.set(this.data);
    this.data = next;
  }
}
