/**
 * One tight watch loop per stream. ccxt's `watch*` calls resolve with the latest cached state, so a
 * loop that does anything slow between calls merges updates: the loop only hands each result to a
 * synchronous handler and calls again. Failures go to the supervisor's `onError`, which answers how
 * long to wait before the next call (0 for "at once", e.g. after forcing a fresh book).
 */

export interface StreamLoopOptions<T> {
  name: string;
  watch: () => Promise<T>;
  /** Synchronous on purpose: nothing slow may sit between two watch calls. */
  onUpdate: (value: T) => void;
  /** Returns the delay in milliseconds before the next attempt. */
  onError: (error: unknown, consecutiveFailures: number) => number;
  /** Called on the first success after one or more failures. */
  onRecovered?: () => void;
}

export class StreamLoop<T> {
  private running = false;
  private done: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StreamLoopOptions<T>) {}

  get name(): string {
    return this.options.name;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Stops after the call in flight (the caller closes the ccxt exchange to end it at once). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const value = await this.options.watch();
        if (!this.running) break;
        if (failures > 0) {
          failures = 0;
          this.options.onRecovered?.();
        }
        this.options.onUpdate(value);
      } catch (error) {
        if (!this.running) break;
        failures++;
        const delay = this.options.onError(error, failures);
        if (delay > 0) await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}

export interface BackoffOptions {
  /** First delay after a failure; default 250 ms. */
  initialMs?: number;
  /** Longest delay; default 30 s. */
  maxMs?: number;
  /** Fraction of the delay drawn at random (0..1) so that many loops do not reconnect in step; default 0.3. */
  jitter?: number;
}

/** Exponential backoff with jitter: `initial * 2^(n-1)`, capped, minus up to `jitter` of itself. */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 30_000;
  const jitter = options.jitter ?? 0.3;
  const base = Math.min(max, initial * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 - jitter * random()));
}
