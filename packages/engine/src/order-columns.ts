/**
 * The numbers of a market's orders, one typed array per field, indexed by an order's slot.
 *
 * Why: an order lives long (it rests), and an object full of numbers costs the garbage collector
 * at every young-generation collection it survives (each large number is a boxed double of its
 * own). Kept here, the numbers are invisible to the collector and cost 8 bytes each; the order
 * object keeps only references. Slots of forgotten orders are reused.
 */
export class OrderColumns {
  private capacity = 256;
  private used = 0;
  private readonly free: number[] = [];
  priceTicks = new Float64Array(this.capacity);
  lots = new Float64Array(this.capacity);
  dealtLots = new Float64Array(this.capacity);
  lastDealtLots = new Float64Array(this.capacity);
  dealtQuoteUnits = new Float64Array(this.capacity);
  commissionUnits = new Float64Array(this.capacity);
  frozenUnits = new Float64Array(this.capacity);
  version = new Float64Array(this.capacity);
  priority = new Float64Array(this.capacity);
  entrustUs = new Float64Array(this.capacity);
  lastUpdateUs = new Float64Array(this.capacity);

  /** A zeroed slot. */
  allocate(): number {
    if (this.free.length > 0) {
      const slot = this.free.pop()!;
      this.clear(slot);
      return slot;
    }
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  private clear(slot: number): void {
    this.dealtLots[slot] = 0;
    this.lastDealtLots[slot] = 0;
    this.dealtQuoteUnits[slot] = 0;
    this.commissionUnits[slot] = 0;
    this.frozenUnits[slot] = 0;
    this.version[slot] = 0;
    this.priority[slot] = 0;
  }

  private grow(): void {
    this.capacity *= 2;
    const bigger = (old: Float64Array) => {
      const next = new Float64Array(this.capacity);
      next.set(old);
      return next;
    };
    this.priceTicks = bigger(this.priceTicks);
    this.lots = bigger(this.lots);
    this.dealtLots = bigger(this.dealtLots);
    this.lastDealtLots = bigger(this.lastDealtLots);
    this.dealtQuoteUnits = bigger(this.dealtQuoteUnits);
    this.commissionUnits = bigger(this.commissionUnits);
    this.frozenUnits = bigger(this.frozenUnits);
    this.version = bigger(this.version);
    this.priority = bigger(this.priority);
    this.entrustUs = bigger(this.entrustUs);
    this.lastUpdateUs = bigger(this.lastUpdateUs);
  }
}
