/**
 * SDK bench server (a child process): the real gateway with a manual venue, injecting verbose ticks
 * of 20 levels per side over 10 contracts as fast as its event loop allows once told to run.
 */
import { ManualVenue } from '@ots/gateway';
import { Tick } from '@ots/protocol';

import { startBenchGateway } from './lib/gateway.js';
import { BENCH_CONTRACTS } from './sdk-server-contracts.js';

const venue = new ManualVenue(
  'bench',
  BENCH_CONTRACTS.map((c) => c.slice('bench/'.length)),
);
const { gateway, close } = await startBenchGateway(venue, 'sdk');

/** A pool of distinct ticks (prices and times move), cycled through. */
const pool: Tick[] = [];
const start = Date.UTC(2026, 0, 1) * 1000;
for (let i = 0; i < 2000; i++) {
  const price = 60000 + (i % 97) * 0.5;
  pool.push(
    new Tick({
      time: (start + i * 1000) / 1e6,
      exchange_time: (start + i * 1000 - 300) / 1e6,
      price,
      volume: 0.01 * (i % 7),
      amount: 600 * (i % 7),
      contract: BENCH_CONTRACTS[i % BENCH_CONTRACTS.length],
      bids: Array.from({ length: 20 }, (_, l) => ({ price: price - 0.5 - l * 0.5, volume: 0.1 + l * 0.01 })),
      asks: Array.from({ length: 20 }, (_, l) => ({ price: price + 0.5 + l * 0.5, volume: 0.2 + l * 0.01 })),
    }),
  );
}

let running = false;
let seq = 0;
function inject(): void {
  if (!running) return;
  for (let i = 0; i < 50; i++) venue.tick(pool[seq++ % pool.length]);
  setImmediate(inject);
}

process.on('message', async (message: { type: string }) => {
  if (message.type === 'run') {
    running = true;
    inject();
  } else if (message.type === 'close') {
    running = false;
    await close();
    process.exit(0);
  }
});
process.send?.({ type: 'ready', url: gateway.url });
