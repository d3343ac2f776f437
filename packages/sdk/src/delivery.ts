import { OtsError } from '@ots/protocol';

/**
 * Hands a stream of values to one consumer in order, without ever buffering without bound.
 *
 * A sync callback runs inline, for every value. A callback that returns a promise is awaited before it
 * gets the next value; meanwhile values wait under one of two policies:
 * - `latest` (ticks, candles): only the newest waiting value is kept; a slow consumer skips stale
 *   states and always sees the current book.
 * - `queue` (trades): every value is kept up to `limit`; past it new values are dropped and the
 *   consumer is told with an `sdk-slow-consumer` error, never silently.
 */

export type Listener<T> = (value: T) => void | Promise<void>;

export type BufferPolicy = 'latest' | 'queue';

export interface Sink<T> {
  push(value: T): void;
}

/** A bounded FIFO or a single "latest" slot. */
class Pending<T> {
  private queue: T[] = [];
  private head = 0;

  constructor(
    private readonly policy: BufferPolicy,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.queue.length - this.head;
  }

  /** Returns false when the value was dropped because the queue is full. */
  add(value: T): boolean {
    if (this.policy === 'latest') {
      this.queue = [value];
      this.head = 0;
      return true;
    }
    if (this.size >= this.limit) return false;
    this.queue.push(value);
    return true;
  }

  take(): T {
    const value = this.queue[this.head++];
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return value;
  }
}

export function slowConsumerError(what: string, limit: number): OtsError {
  return new OtsError(
    'sdk-slow-consumer',
    `${what}: the consumer fell ${limit} messages behind; newer messages are dropped until it catches up`,
    { status: 0 },
  );
}

export class CallbackSink<T> implements Sink<T> {
  private busy = false;
  private overflowing = false;
  private readonly pending: Pending<T>;

  constructor(
    private readonly listener: Listener<T>,
    policy: BufferPolicy,
    private readonly limit: number,
    private readonly what: string,
    private readonly report: (error: unknown) => void,
  ) {
    this.pending = new Pending(policy, limit);
  }

  push(value: T): void {
    if (!this.busy) {
      this.run(value);
      return;
    }
    if (this.pending.add(value)) return;
    if (!this.overflowing) {
      this.overflowing = true;
      this.report(slowConsumerError(this.what, this.limit));
    }
  }

  private run(value: T): void {
    let result: void | Promise<void>;
    try {
      result = this.listener(value);
    } catch (error) {
      this.report(error);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      this.busy = true;
      (result as Promise<void>).then(
        () => this.drain(),
        (error: unknown) => {
          this.report(error);
          this.drain();
        },
      );
    }
  }

  private drain(): void {
    this.busy = false;
    while (!this.busy && this.pending.size > 0) this.run(this.pending.take());
    if (!this.busy) this.overflowing = false;
  }
}

/**
 * The async-iterator face of a subscription. `return()` (a `break` out of `for await`) unsubscribes.
 * A queue overflow ends the iteration with an `sdk-slow-consumer` error once the kept values are read.
 */
export class IteratorSink<T> implements Sink<T>, AsyncIterableIterator<T> {
  private readonly pending: Pending<T>;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;
  private finished = false;

  constructor(
    policy: BufferPolicy,
    private readonly limit: number,
    private readonly what: string,
    private readonly onReturn: () => void,
  ) {
    this.pending = new Pending(policy, limit);
  }

  push(value: T): void {
    if (this.finished || this.failure !== undefined) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve({ value, done: false });
      return;
    }
    if (!this.pending.add(value)) this.fail(slowConsumerError(this.what, this.limit));
  }

  /** Ends the iteration with an error (after the values already kept). */
  fail(error: unknown): void {
    if (this.finished || this.failure !== undefined) return;
    this.failure = error;
    this.onReturn();
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.reject(error);
    }
  }

  /** Ends the iteration normally (the client was closed). */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.pending.size > 0) return Promise.resolve({ value: this.pending.take(), done: false });
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.finished = true;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.finished) {
      this.finished = true;
      if (this.failure === undefined) this.onReturn();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
