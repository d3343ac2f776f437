/**
 * Engine bench: `node --import tsx bench/engine.ts [operations]` (default 1,000,000).
 *
 * One seeded stream file (60% limit, 30% cancel, 10% market or crossing) replayed through the OTS
 * engine's gateway-facing API and through nodejs-order-book, each in its own child process,
 * alternating, three rounds, median reported. Then a separate sampled pass for per-operation
 * percentiles, and the deep-queue case that shows cancel is O(1). The first line is the ratio.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateStream, writeStream } from './engine-stream.js';
import { median } from './lib/runs.js';

const started = Date.now();
const loadAtStart = loadavg()[0].toFixed(1);
const here = dirname(fileURLToPath(import.meta.url));
const count = Number(process.argv[2] ?? 1_000_000);
const SEED = 20260101;
const file = join(here, 'results', `engine-stream-${SEED}-${count}.bin`);
if (!existsSync(file)) writeStream(file, generateStream(SEED, count));

type Result = Record<string, number> & { name: string; mode: string };

function child(name: string, mode: string): Result {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(here, 'engine-runner.ts'), name, mode, file],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Result;
}

const runs: Record<string, Result[]> = { ots: [], peer: [] };
for (let round = 0; round < 3; round++) {
  // Alternate which side goes first so neither always runs on a warmer (or busier) machine.
  const order = round % 2 === 0 ? ['ots', 'peer'] : ['peer', 'ots'];
  for (const name of order) runs[name].push(child(name, 'throughput'));
}
const ops = {
  ots: median(runs.ots.map((r) => r.opsPerSecond)),
  peer: median(runs.peer.map((r) => r.opsPerSecond)),
};
const mem = { ots: median(runs.ots.map((r) => r.maxRssMb)), peer: median(runs.peer.map((r) => r.maxRssMb)) };
const deep = { ots: child('ots', 'deep'), peer: child('peer', 'deep') };
// The peer's sampled pass is the slowest step; on a machine too busy to finish in time it is left out.
const latencyOts = child('ots', 'latency');
const latencyPeer = (Date.now() - started) / 1000 < 150 ? child('peer', 'latency') : undefined;

const f = (n: number) => Math.round(n).toLocaleString('en-US');
// Operations per CPU second of the whole child (GC threads included): less sensitive than wall time
// to other work on a shared machine, and never higher than what one core could do alone.
const perCpu = (r: Result) => r.ops / r.cpuSeconds;
const cpu = { ots: median(runs.ots.map(perCpu)), peer: median(runs.peer.map(perCpu)) };
console.log(
  `engine: ${(ops.ots / ops.peer).toFixed(1)}x nodejs-order-book (${f(ops.ots)} vs ${f(ops.peer)} ops/s, ${f(count)} operations, median of 3; ` +
    `per CPU second ${(cpu.ots / cpu.peer).toFixed(1)}x)`,
);
console.log(
  `  ots  runs: ${runs.ots.map((r) => f(r.opsPerSecond)).join(', ')} ops/s; ${f(runs.ots[0].events)} events per run`,
);
console.log(`  peer runs: ${runs.peer.map((r) => f(r.opsPerSecond)).join(', ')} ops/s`);
console.log(
  `  per CPU second (median): ots ${f(cpu.ots)}, peer ${f(cpu.peer)} ops; load average at start ${loadAtStart}`,
);
const ns = (r: Result | undefined) =>
  r ? `p50 ${f(r.p50Ns)} ns, p99 ${f(r.p99Ns)} ns, p99.9 ${f(r.p999Ns)} ns` : 'not run (machine too busy)';
console.log(`  latency per operation (every 8th timed): ots ${ns(latencyOts)}; peer ${ns(latencyPeer)}`);
console.log(`  peak RSS (median run): ots ${f(mem.ots)} MB, peer ${f(mem.peer)} MB`);
console.log(
  `  deep queue, ns per cancel: ots ${f(deep.ots.oneLevelNsPerCancel)} with 5,000 on one level vs ${f(deep.ots.hundredLevelsNsPerCancel)} over 100 levels of 50 (x${deep.ots.ratio.toFixed(2)}); ` +
    `peer ${f(deep.peer.oneLevelNsPerCancel)} vs ${f(deep.peer.hundredLevelsNsPerCancel)} (x${deep.peer.ratio.toFixed(2)})`,
);
console.log(`  bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
