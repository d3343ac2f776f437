/**
 * Trade bench: `node --import tsx bench/trade.ts [--runs 3] [--measure-ms 3000] [--connections 32]`.
 *
 * Signed requests per second against the real gateway (auth with HMAC and the nonce window, risk,
 * the sim engine, one SQLite transaction per place and per cancel, pushes) beside a bare fastify
 * route that validates the same body with the same schema. A client process keeps `connections`
 * keep-alive sockets busy with place-then-cancel loops; each place and each cancel counts as one
 * request. Every run starts fresh server and client processes; sides alternate (ots, bare, ots,
 * bare, ...) and the median of the runs is reported with its p50/p99 latency. The first line is the
 * ratio of OTS requests/s to bare requests/s (target: at least 0.5).
 */
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const RUNS = Number(args.get('runs') ?? 3);
const MEASURE_MS = Number(args.get('measure-ms') ?? 3000);
const WARMUP_MS = Number(args.get('warmup-ms') ?? 1000);
const CONNECTIONS = Number(args.get('connections') ?? 32);

type Side = 'ots' | 'bare';
interface Result {
  requests: number;
  allRequests: number;
  /** Server CPU (user + system) per answered request, warm-up included, in µs. */
  cpuUs: number;
  errors: number;
  elapsedMs: number;
  p50Us: number;
  p99Us: number;
}
interface Ready {
  type: 'ready';
  url: string;
  apiKey: string;
  apiSecret: string;
  account: string;
}

function startServer(side: Side): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(join(here, 'trade-server.ts'), [side], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${side} server exited with ${code}`)));
    child.on('message', (m: Ready) => {
      if (m.type === 'ready') resolve({ child, ready: m });
    });
  });
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; usage?: NodeJS.CpuUsage }) => {
      if (m.type !== 'cpu' || !m.usage) return;
      child.off('message', onMessage);
      resolve(m.usage.user + m.usage.system);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

async function run(side: Side): Promise<Result> {
  const { child, ready } = await startServer(side);
  try {
    const cpuBefore = await cpuOf(child);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(here, 'trade-client.ts'),
        ready.url,
        ready.apiKey,
        ready.apiSecret,
        ready.account,
        String(WARMUP_MS),
        String(MEASURE_MS),
        String(CONNECTIONS),
      ],
      { maxBuffer: 1 << 20 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Result;
    result.cpuUs = (await cpuOf(child)) - cpuBefore;
    result.cpuUs /= Math.max(1, result.allRequests);
    return result;
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    await exited;
  }
}

const rps = (r: Result) => (r.requests / r.elapsedMs) * 1000;
const median = (rs: Result[]) => [...rs].sort((a, b) => rps(a) - rps(b))[Math.floor(rs.length / 2)];

const results: Record<Side, Result[]> = { ots: [], bare: [] };
for (let i = 0; i < RUNS; i++) {
  for (const side of (i % 2 === 0 ? ['ots', 'bare'] : ['bare', 'ots']) as Side[]) {
    const r = await run(side);
    results[side].push(r);
    process.stderr.write(
      `run ${i + 1} ${side}: ${rps(r).toFixed(0)} req/s, p50 ${r.p50Us} µs, p99 ${r.p99Us} µs, ` +
        `server CPU ${r.cpuUs.toFixed(0)} µs/request, errors ${r.errors}\n`,
    );
  }
}
const ots = median(results.ots);
const bare = median(results.bare);
console.log(`ratio OTS/bare requests per second: ${(rps(ots) / rps(bare)).toFixed(2)} (target >= 0.5)`);
/** Median server CPU per request: less sensitive than throughput to other load on the machine. */
const cpu = (rs: Result[]) =>
  [...rs]
    .map((r) => r.cpuUs)
    .sort((x, y) => x - y)
    [Math.floor(rs.length / 2)].toFixed(0);
console.log(
  `OTS  signed place+cancel: ${rps(ots).toFixed(0)} req/s, p50 ${ots.p50Us} µs, p99 ${ots.p99Us} µs, ` +
    `server CPU ${cpu(results.ots)} µs/request, errors ${ots.errors}`,
);
console.log(
  `bare fastify, same body schema: ${rps(bare).toFixed(0)} req/s, p50 ${bare.p50Us} µs, p99 ${bare.p99Us} µs, ` +
    `server CPU ${cpu(results.bare)} µs/request`,
);
console.log(
  `(${CONNECTIONS} keep-alive connections, median of ${RUNS} runs of ${MEASURE_MS} ms, sides alternating)`,
);
