/**
 * The engine bench's operation stream: one seeded file of fixed-size records that both sides
 * replay, so the engine and its peer see exactly the same operations.
 *
 * Mix: 60% resting limit orders near the mid, 30% cancels of earlier orders (mostly still live),
 * 10% orders that take liquidity (half market orders, half limit orders priced through the mid).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { seededRandom } from '@ots/engine';

export const OP_LIMIT = 0;
export const OP_CANCEL = 1;
export const OP_MARKET = 2;
export const OP_CROSS = 3;

/** Ints per record: kind, account, side (0 buy, 1 sell), price in ticks, amount in lots, target. */
export const RECORD = 6;
export const ACCOUNTS = 100;
/** `sim/btc.usdt` steps: ticks of 0.01, lots of 0.0001. */
export const TICK = 0.01;
export const LOT = 0.0001;
export const START_MID = 6_000_000;

/**
 * Record fields: for a cancel, `target` is the index (among the stream's placing operations) of the
 * order to cancel; for a placing operation it is that index.
 */
export function generateStream(seed: number, count: number): Int32Array {
  const r = seededRandom(seed);
  const out = new Int32Array(count * RECORD);
  let mid = START_MID;
  let placed = 0;
  // Orders a cancel may still find live; picked at random and then forgotten.
  const live: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) mid += Math.round(r.normal() * 5);
    const o = i * RECORD;
    const roll = r.next();
    const account = r.int(0, ACCOUNTS - 1);
    const side = r.next() < 0.5 ? 0 : 1;
    if (roll < 0.3 && live.length > 0) {
      const k = r.int(0, live.length - 1);
      out[o] = OP_CANCEL;
      out[o + 5] = live[k];
      live[k] = live[live.length - 1];
      live.pop();
      continue;
    }
    out[o + 1] = account;
    out[o + 2] = side;
    out[o + 5] = placed++;
    if (roll < 0.9) {
      const offset = 1 + Math.floor(r.next() ** 2 * 200);
      out[o] = OP_LIMIT;
      out[o + 3] = side === 0 ? mid - offset : mid + offset;
      out[o + 4] = r.int(1, 100);
      live.push(out[o + 5]);
    } else if (roll < 0.95) {
      out[o] = OP_MARKET;
      out[o + 3] = side === 0 ? mid + 2000 : mid - 2000; // the worst acceptable price
      out[o + 4] = r.int(1, 200);
    } else {
      out[o] = OP_CROSS;
      out[o + 3] = side === 0 ? mid + r.int(1, 20) : mid - r.int(1, 20);
      out[o + 4] = r.int(1, 100);
      live.push(out[o + 5]);
    }
  }
  return out;
}

export function writeStream(path: string, stream: Int32Array): void {
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength));
}

export function readStream(path: string): Int32Array {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
