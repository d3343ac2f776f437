/**
 * Replay protection for one API key.
 *
 * Nonces are decimal integers in any unit (µs, ms, .NET ticks: the last exceed 2^53, so they are
 * compared as BigInt). The window keeps the largest `capacity` nonces accepted so far, sorted.
 * A nonce is accepted when it is not in the window and, once the window is full, greater than its
 * smallest member. Every nonce ever accepted is therefore either in the window or at most its
 * smallest member, so a replay is always refused, while requests sent concurrently that arrive out of
 * order (fewer than `capacity` places apart) are not.
 */

export const DEFAULT_NONCE_WINDOW = 1000;

/** Parses an `Api-Nonce` header: a non-negative decimal integer of at most 40 digits. */
export function parseNonce(text: string): bigint | undefined {
  if (!/^[0-9]{1,40}$/.test(text)) return undefined;
  return BigInt(text);
}

export class NonceWindow {
  /** Ascending from `head`. Small (1,000) and mostly appended at the end, so a sorted array beats a tree here. */
  private sorted: bigint[] = [];
  /**
   * Entries before `head` have left the window. Dropping the smallest is one step of `head` and the
   * array is compacted once `capacity` have left: a `shift()` at every accepted nonce moved the
   * whole window (about a microsecond per signed request once a key's window is full).
   */
  private head = 0;

  constructor(
    readonly capacity: number = DEFAULT_NONCE_WINDOW,
    initial: Iterable<bigint> = [],
  ) {
    for (const n of initial) this.insert(n);
    if (this.sorted.length > capacity) this.sorted = this.sorted.slice(this.sorted.length - capacity);
  }

  get size(): number {
    return this.sorted.length - this.head;
  }

  /** The smallest nonce still remembered (the refusal floor once the window is full). */
  get floor(): bigint | undefined {
    return this.sorted[this.head];
  }

  /**
   * True when `nonce`, accepted earlier, has left the window: the window is full and `nonce` is below
   * its floor. The floor never goes down, so a nonce that has left stays out.
   */
  hasLeft(nonce: bigint): boolean {
    return this.size >= this.capacity && nonce < this.sorted[this.head];
  }

  /** True when `nonce` would be accepted now. */
  wouldAccept(nonce: bigint): boolean {
    if (this.size >= this.capacity && nonce <= this.sorted[this.head]) return false;
    return this.indexOf(nonce) < 0;
  }

  /**
   * Accepts `nonce` if fresh. Returns `false` when refused; otherwise `{ evicted }`, the nonce that
   * left the window (for the persistent copy), if any.
   */
  accept(nonce: bigint): false | { evicted?: bigint } {
    if (!this.wouldAccept(nonce)) return false;
    this.insert(nonce);
    if (this.size <= this.capacity) return {};
    const evicted = this.sorted[this.head++];
    if (this.head >= this.capacity) {
      this.sorted = this.sorted.slice(this.head);
      this.head = 0;
    }
    return { evicted };
  }

  values(): readonly bigint[] {
    return this.head === 0 ? this.sorted : this.sorted.slice(this.head);
  }

  private insert(nonce: bigint): void {
    const s = this.sorted;
    if (s.length === 0 || nonce > s[s.length - 1]) {
      s.push(nonce);
      return;
    }
    const at = this.lowerBound(nonce);
    if (s[at] !== nonce) s.splice(at, 0, nonce);
  }

  private indexOf(nonce: bigint): number {
    const at = this.lowerBound(nonce);
    return this.sorted[at] === nonce ? at : -1;
  }

  private lowerBound(nonce: bigint): number {
    let lo = this.head;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < nonce) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
