/** Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with random jitter. */
export interface BackoffOptions {
  /** First delay; default 2000 ms (PYSDK's 2 s). */
  initialMs?: number;
  /** Cap; default 64000 ms. */
  maxMs?: number;
  /** Fraction of each delay that is random, 0..1; default 0.25, so 2 s becomes 1.5..2 s. */
  jitter?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;

  constructor(
    options: BackoffOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.initialMs = options.initialMs ?? 2000;
    this.maxMs = options.maxMs ?? 64000;
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.25));
  }

  /** The delay before the next attempt; each call doubles the base until the cap. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    if (base < this.maxMs) this.attempt++;
    // Jitter only shortens a delay: many clients dropped at once spread out and never exceed the cap.
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  /** The base delay the next call will use (before jitter). */
  peekBase(): number {
    return Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
  }

  reset(): void {
    this.attempt = 0;
  }
}
