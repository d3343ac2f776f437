/**
 * Per-key request rate limits: a token bucket per API key. A key may carry its own limit (set when
 * the key is created); otherwise the gateway default applies. `ratePerSecond: 0` means unlimited
 * (what the benchmark key uses).
 */

export interface RateLimit {
  /** Sustained requests per second; 0 = unlimited. */
  ratePerSecond: number;
  /** Requests that may arrive at once after a quiet spell. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { ratePerSecond: 50, burst: 100 };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /**
   * Takes one token from `key`'s bucket. Returns 0 when the request may go on, or the seconds to
   * wait (an integer ≥ 1, for `Retry-After`) when the bucket is empty.
   */
  take(key: string, limit: RateLimit): number {
    if (limit.ratePerSecond <= 0) return 0;
    const now = this.nowMs();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, updatedMs: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.ratePerSecond);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.ratePerSecond));
  }

  /** Forgets a key's bucket (a revoked key, or a changed limit). */
  forget(key: string): void {
    this.buckets.delete(key);
  }
}
