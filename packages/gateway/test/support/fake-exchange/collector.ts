/**
 * A market-data sink for tests: keeps what a venue published and lets a test wait for the first
 * item that satisfies a predicate (event-driven, no sleeps).
 */
import type { Tick, Zhubi } from '@ots/protocol';

export interface StatusLike {
  state: string;
  contract?: string;
  reason: string;
  /** What the venue said about its connection when the event came. */
  connectedNow?: boolean;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class Collector {
  readonly ticks: Tick[] = [];
  readonly zhubi: Zhubi[] = [];
  readonly statuses: StatusLike[] = [];
  private waiters: Waiter[] = [];

  tick = (tick: Tick): void => {
    this.ticks.push(tick);
    this.poke();
  };

  zhubiBatch = (trades: Zhubi[]): void => {
    this.zhubi.push(...trades);
    this.poke();
  };

  status = (event: StatusLike): void => {
    this.statuses.push(event);
    this.poke();
  };

  get sink() {
    return { tick: this.tick, zhubi: this.zhubiBatch };
  }

  /** Resolves with the first tick (from now on, or already seen when `since` is given) matching. */
  async waitTick(predicate: (tick: Tick) => boolean, since = 0): Promise<Tick> {
    let found: Tick | undefined;
    await this.until(() => {
      found = this.ticks.slice(since).find(predicate);
      return found !== undefined;
    });
    return found as Tick;
  }

  async waitStatus(state: string, since = 0): Promise<StatusLike> {
    let found: StatusLike | undefined;
    await this.until(() => {
      found = this.statuses.slice(since).find((s) => s.state === state);
      return found !== undefined;
    });
    return found as StatusLike;
  }

  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  private poke(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const waiter of pending) {
      if (waiter.check()) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }
}
