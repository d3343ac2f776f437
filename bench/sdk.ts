/**
 * SDK bench: `node --import tsx bench/sdk.ts [--runs 3] [--measure-ms 3000]`.
 *
 * Ticks per second that one `Quote` hands to a callback (each frame parsed into a `Tick`), and its
 * CPU time per tick, beside a bare `ws` client that only `JSON.parse`s the same stream. Both read the
 * real gateway's `/ws/tick`, fed by a manual venue injecting 20-level ticks over 10 contracts as fast
 * as it can. Every run starts a fresh server and client process; sides alternate (sdk, bare, bare,
 * sdk, ...); the median of the runs is reported. The first line is the ratio of bare CPU per tick to
 * SDK CPU per tick (1.0 = the SDK costs nothing over parsing; target >= 0.8).
 */

import { benchArgs } from './lib/args.js';
import { forkBench, reply } from './lib/child.js';
import { alternate, median } from './lib/runs.js';

const args = benchArgs();
const RUNS = Number(args.get('runs') ?? 3);
const MEASURE_MS = Number(args.get('measure-ms') ?? 3000);
const WARMUP_MS = 1000;

type Side = 'sdk' | 'bare';
interface Result {
  ticks: number;
  cpuUs: number;
  elapsedMs: number;
}

async function run(side: Side): Promise<Result> {
  const server = forkBench('sdk-server.ts');
  const { url } = await reply<{ url: string }>(server, 'ready');
  const client = forkBench('sdk-client.ts', [side, url]);
  await reply(client, 'subscribed');
  const result = reply<Result>(client, 'result');
  server.send({ type: 'run' });
  client.send({ type: 'measure', warmupMs: WARMUP_MS, measureMs: MEASURE_MS });
  const measured = await result;
  server.send({ type: 'close' });
  await new Promise((resolve) => server.once('exit', resolve));
  return measured;
}

const runs = await alternate<Side, Result>(['sdk', 'bare'], RUNS, run);

const cpuPerTick = (r: Result) => r.cpuUs / Math.max(1, r.ticks);
const ticksPerSecond = (r: Result) => (r.ticks * 1000) / r.elapsedMs;
const cpuShare = (r: Result) => r.cpuUs / 1000 / r.elapsedMs;
const sdkCpu = median(runs.sdk.map(cpuPerTick));
const bareCpu = median(runs.bare.map(cpuPerTick));
const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(
  `ratio bare/sdk CPU per tick: ${f(bareCpu / sdkCpu, 2)} (target >= 0.8; median of ${RUNS} alternating runs)`,
);
console.log('');
// The gateway (one process, injecting and sending) is the bottleneck, so ticks/s is what it delivered;
// 1e6 / (CPU us per tick) is what the client could take on one core.
console.log('side  ticks/s received  CPU us/tick  client CPU share  capacity on 1 core (ticks/s)');
for (const side of ['sdk', 'bare'] as const) {
  const rs = runs[side];
  const cpu = median(rs.map(cpuPerTick));
  console.log(
    `${side.padEnd(4)}  ${f(median(rs.map(ticksPerSecond))).padStart(16)}  ${f(cpu, 2).padStart(11)}  ${`${f(median(rs.map(cpuShare)) * 100)}%`.padStart(16)}  ${f(1e6 / cpu).padStart(28)}`,
  );
}
console.log('');
console.log('runs (ticks/s, CPU us/tick):');
for (const side of ['sdk', 'bare'] as const) {
  console.log(
    `  ${side}: ${runs[side].map((r) => `${f(ticksPerSecond(r))} @ ${f(cpuPerTick(r), 2)}`).join(', ')}`,
  );
}
