/**
 * Ingest bench: `node --import tsx bench/ingest.ts [rounds]` (default 3).
 *
 * Recorded OKX frames (bench/fixtures/okx-btc-usdt-frames.jsonl, see ingest-frames.ts) are fed
 * straight into ccxt's message handler (the websocket transport stubbed out, nothing else), one
 * frame per event-loop turn as a socket would deliver them. Two sides on the same frames, each run
 * in a fresh process (ingest-runner.ts) after untimed warm-up passes (lib/steady-rate.ts):
 * - ccxt alone: one loop per stream awaiting `watchOrderBook` / `watchTrades` and counting updates;
 * - OTS: the live venue's market feed (tight watch loops, normalisation to protocol Ticks and Zhubi)
 *   publishing ticks on the in-process bus, counted by a bus subscriber.
 * Rates are per CPU second of the process (the machine is shared; wall time would measure the
 * neighbours). The sides alternate (A B A B ...); the median of each is reported.
 * First line: the ratio of OTS ticks/s to ccxt-alone updates/s (target: at least 0.9).
 *
 * `node --import tsx bench/ingest.ts [rounds] [exchange ...]` also measures, the same way and with the
 * same target, HTX (`huobip`), Bitfinex, Poloniex and Bithumb on their own recorded frames
 * (ingest-live-runner.ts, ingest-live-frames.ts): one ratio line per exchange, first.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TIMED_PASSES, WARM_PASSES } from './lib/steady-rate.js';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const PART_TWO = ['huobip', 'bitfinex', 'poloniex', 'bithumb'];
const others = process.argv.length > 3 ? process.argv.slice(3) : PART_TWO;

interface Result {
  side: string;
  rate: number;
  count: number;
}

/** One side on one part-two exchange, in a fresh process (ingest-live-runner.ts). */
function liveChild(side: 'ccxt' | 'ots', exchange: string): Result {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'ingest-live-runner.ts'), side, exchange],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as Result;
}

function child(side: 'ccxt' | 'ots'): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'ingest-runner.ts'), side], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Result;
}

const ccxt: Result[] = [];
const ots: Result[] = [];
for (let i = 0; i < rounds; i++) {
  ccxt.push(child('ccxt'));
  ots.push(child('ots'));
}
const median = (xs: Result[]) => [...xs].sort((a, b) => a.rate - b.rate)[Math.floor(xs.length / 2)] as Result;
const c = median(ccxt);
const o = median(ots);
console.log(
  `ingest ratio (OTS ticks/s / ccxt-alone updates/s): ${(o.rate / c.rate).toFixed(3)} (target >= 0.9)`,
);
console.log(
  `frames: 10000 OKX BTC-USDT books/trades messages, one per event-loop turn; ${rounds} rounds, alternating, a fresh process each (${WARM_PASSES} untimed passes, then ${TIMED_PASSES} timed); ${c.count} ccxt updates and ${o.count} OTS ticks per pass`,
);
console.log(
  `ccxt alone: median ${c.rate.toFixed(0)} updates per CPU second  (rounds: ${ccxt.map((x) => x.rate.toFixed(0)).join(', ')})`,
);
console.log(
  `OTS:        median ${o.rate.toFixed(0)} ticks per CPU second    (rounds: ${ots.map((x) => x.rate.toFixed(0)).join(', ')})`,
);

// The part-two exchanges, each alternating A B A B like OKX above; ratio lines first, then details.
const details: string[] = [];
for (const exchange of others) {
  const cs: Result[] = [];
  const os: Result[] = [];
  for (let i = 0; i < rounds; i++) {
    cs.push(liveChild('ccxt', exchange));
    os.push(liveChild('ots', exchange));
  }
  const cm = median(cs);
  const om = median(os);
  console.log(
    `ingest ratio ${exchange} (OTS ticks/s / ccxt-alone updates/s): ${(om.rate / cm.rate).toFixed(3)} (target >= 0.9)`,
  );
  details.push(
    `${exchange}: ccxt alone median ${cm.rate.toFixed(0)} updates/CPU s (rounds: ${cs.map((x) => x.rate.toFixed(0)).join(', ')}); OTS median ${om.rate.toFixed(0)} ticks/CPU s (rounds: ${os.map((x) => x.rate.toFixed(0)).join(', ')}); ${cm.count} ccxt updates and ${om.count} OTS ticks per pass of 10000 frames`,
  );
}
for (const line of details) console.log(line);
