/**
 * Fanout bench: the tick both servers send, and the bench-only venue that injects it into OTS at
 * a set rate. Each tick carries its injection time (µs, from a clock both processes share) in
 * `time`, so the clients measure injection-to-receipt latency.
 */
import type { ContractSpec } from '@ots/protocol';
import { contractSpec, Tick, Timestamp } from '@ots/protocol';
import type { MarketDataSink, Venue } from '../packages/gateway/src/venues/venue.js';

export const BENCH_CONTRACT = 'bench/btc.usdt';
export const LEVELS = 10;

/** Wall-clock epoch microseconds with sub-millisecond resolution, comparable across processes. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export function benchTick(seq: number): Tick {
  const price = 60_000 + (seq % 100) / 100;
  const bids = [];
  const asks = [];
  for (let i = 0; i < LEVELS; i++) {
    bids.push({ price: price - 0.5 - i * 0.5, volume: 0.1 + ((seq + i) % 7) / 10 });
    asks.push({ price: price + 0.5 + i * 0.5, volume: 0.2 + ((seq + i) % 5) / 10 });
  }
  const time = Timestamp.fromEpochMicros(nowUs());
  return new Tick({
    time,
    exchange_time: time,
    price,
    volume: 0.01,
    amount: 600,
    bids,
    asks,
    contract: BENCH_CONTRACT,
  });
}

/** The frame a verbose-tick subscriber receives, as OTS writes it. */
export function verboseFrame(tick: Tick): Buffer {
  return Buffer.from(`{"uri":"single-tick-verbose","data":${tick.toVerboseJson()}}`);
}

/** Injects `benchTick`s into OTS at a set rate (or as fast as the event loop allows). */
export class InjectorVenue implements Venue {
  readonly exchange = 'bench';
  private sink: MarketDataSink | undefined;
  private readonly specs: ContractSpec[] = [
    contractSpec({ exchange: 'bench', name: 'btc.usdt', min_change: 0.01 }),
  ];

  contracts(): ContractSpec[] {
    return this.specs;
  }

  async start(sink: MarketDataSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  inject(seq: number): void {
    this.sink?.tick(benchTick(seq));
  }
}

/**
 * Calls `inject(seq)` at `rate` per second (bursts on a 2 ms timer), or with `rate` 'max' in
 * batches of `batch` per event-loop turn, until the returned stop function is called; it returns
 * how many were injected.
 */
export function drive(rate: number | 'max', batch: number, inject: (seq: number) => void): () => number {
  let seq = 0;
  let stopped = false;
  if (rate === 'max') {
    const loop = () => {
      if (stopped) return;
      for (let i = 0; i < batch; i++) inject(seq++);
      setImmediate(loop);
    };
    setImmediate(loop);
    return () => {
      stopped = true;
      return seq;
    };
  }
  const start = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * rate) / 1000);
    while (seq < due) inject(seq++);
  }, 2);
  return () => {
    clearInterval(timer);
    return seq;
  };
}
