/**
 * Trade bench: `node --import tsx bench/trade.ts [--runs 3] [--measure-ms 3000] [--connections 32] [--clients 2]
 *   [--commit-thread true]` (the last runs the gateway with `trade.commitThread` on).
 *
 * Signed requests per second against the real gateway (auth with HMAC and the nonce window, risk,
 * the sim engine, one SQLite transaction per group of requests, pushes) beside a bare fastify route
 * that validates the same body with the same schema. `clients` client processes share
 * `connections` keep-alive sockets busy with place-then-cancel loops; each place and each cancel
 * counts as one request. Every run starts fresh server and client processes; sides alternate (ots,
 * bare, bare, ots, ...) and the median of the runs is reported with its p50/p99 latency.
 *
 * The first line is the ratio of OTS requests/s to bare requests/s (target: at least 0.5). A
 * throughput ratio only means something when both servers are the bottleneck, so the bench also
 * measures, over the same window, the server's CPU per request and how busy the server and the
 * clients were; it says when a side was client-bound. Every request goes through the server's main
 * thread (the gateway writes its commits on a second thread), so the main-thread CPU ratio (bare µs
 * per request over OTS µs per request) is the ratio the throughputs reach once both main threads
 * saturate a core, and is far less sensitive to other load on the machine; the CPU of every thread
 * is reported beside it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/args.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = benchArgs();
const RUNS = Number(args.get('runs') ?? 3);
const MEASURE_MS = Number(args.get('measure-ms') ?? 3000);
const WARMUP_MS = Number(args.get('warmup-ms') ?? 1000);
const CONNECTIONS = Number(args.get('connections') ?? 32);
const CLIENTS = Number(args.get('clients') ?? 2);
const COMMIT_THREAD = args.get('commit-thread') === 'true';

type Side = 'ots' | 'bare';
interface ClientResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  cpuUs: number;
  latencies: number[];
}
interface Result {
  rps: number;
  /** Server CPU (user + system, every thread) per request answered in the measured window, in µs. */
  cpuUs: number;
  /** The same for the server's main thread alone: the thread every request goes through. */
  mainCpuUs: number;
  /** Server CPU over wall time in the window (1 = one core busy; above 1 with threads beside the main one). */
  serverBusy: number;
  /** The main thread's CPU over wall time: near 1 when it sets the pace. */
  mainBusy: number;
  /** The busiest client's CPU over wall time. */
  clientBusy: number;
  errors: number;
  p50Us: number;
  p99Us: number;
}
interface Ready {
  type: 'ready';
  url: string;
  /** One key per client process: a key's nonces must rise, and two processes cannot share a counter. */
  keys: { apiKey: string; apiSecret: string }[];
  account: string;
}

function startServer(side: Side): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(join(here, 'trade-server.ts'), [side, String(CLIENTS), String(COMMIT_THREAD)], {
    // OTS_BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers.
    execArgv: ['--import', 'tsx', ...(process.env.OTS_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${side} server exited with ${code}`)));
    child.on('message', (m: Ready) => {
      if (m.type === 'ready') resolve({ child, ready: m });
    });
  });
}

interface Cpu {
  /** The whole process, every thread. */
  processUs: number;
  /** The main thread alone (undefined where /proc is not there). */
  mainUs: number | undefined;
}

function cpuOf(child: ChildProcess): Promise<Cpu> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; usage?: NodeJS.CpuUsage; mainThreadUs?: number }) => {
      if (m.type !== 'cpu' || !m.usage) return;
      child.off('message', onMessage);
      resolve({ processUs: m.usage.user + m.usage.system, mainUs: m.mainThreadUs });
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // 'close', not 'exit': a large last message may still be on its way when the process exits.
    const onExit = (code: number) => reject(new Error(`client exited with ${code} before '${type}'`));
    child.once('close', onExit);
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('close', onExit);
      resolve(m as T);
    };
    child.on('message', onMessage);
  });
}

async function run(side: Side): Promise<Result> {
  const { child, ready } = await startServer(side);
  try {
    const clients = Array.from({ length: CLIENTS }, (_, i) =>
      fork(
        join(here, 'trade-client.ts'),
        [
          ready.url,
          ready.keys[i].apiKey,
          ready.keys[i].apiSecret,
          ready.account,
          String(WARMUP_MS),
          String(MEASURE_MS),
          // Connections spread evenly over the clients.
          String(Math.floor(CONNECTIONS / CLIENTS) + (i < CONNECTIONS % CLIENTS ? 1 : 0)),
        ],
        { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      ),
    );
    await Promise.all(clients.map((c) => nextMessage(c, 'warm')));
    const done = clients.map((c) => nextMessage<{ result: ClientResult }>(c, 'done'));
    const cpuBefore = await cpuOf(child);
    const started = performance.now();
    for (const c of clients) c.send({ type: 'go' });
    const results = (await Promise.all(done)).map((d) => d.result);
    const cpuAfter = await cpuOf(child);
    const serverCpu = cpuAfter.processUs - cpuBefore.processUs;
    // Without /proc the main thread is taken as the whole process.
    const mainCpu =
      cpuAfter.mainUs !== undefined && cpuBefore.mainUs !== undefined
        ? cpuAfter.mainUs - cpuBefore.mainUs
        : serverCpu;
    const wallUs = (performance.now() - started) * 1000;
    const requests = results.reduce((sum, r) => sum + r.requests, 0);
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return {
      rps: results.reduce((sum, r) => sum + (r.requests / r.elapsedMs) * 1000, 0),
      cpuUs: serverCpu / Math.max(1, requests),
      mainCpuUs: mainCpu / Math.max(1, requests),
      serverBusy: serverCpu / wallUs,
      mainBusy: mainCpu / wallUs,
      clientBusy: Math.max(...results.map((r) => r.cpuUs / (r.elapsedMs * 1000))),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      p50Us: pct(50),
      p99Us: pct(99),
    };
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    await exited;
  }
}

const median = (rs: Result[], by: (r: Result) => number) =>
  [...rs].sort((a, b) => by(a) - by(b))[Math.floor(rs.length / 2)];
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const describe = (r: Result) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50Us} µs, p99 ${r.p99Us} µs, server CPU ${r.cpuUs.toFixed(0)} µs/request ` +
  `(main thread ${r.mainCpuUs.toFixed(0)}), server busy ${pct(r.serverBusy)} (main thread ${pct(r.mainBusy)}), ` +
  `busiest client ${pct(r.clientBusy)}, errors ${r.errors}`;

const results: Record<Side, Result[]> = { ots: [], bare: [] };
for (let i = 0; i < RUNS; i++) {
  for (const side of (i % 2 === 0 ? ['ots', 'bare'] : ['bare', 'ots']) as Side[]) {
    const r = await run(side);
    results[side].push(r);
    process.stderr.write(`run ${i + 1} ${side}: ${describe(r)}\n`);
  }
}
const ots = median(results.ots, (r) => r.rps);
const bare = median(results.bare, (r) => r.rps);
const otsCpu = median(results.ots, (r) => r.cpuUs).cpuUs;
const bareCpu = median(results.bare, (r) => r.cpuUs).cpuUs;
const otsMain = median(results.ots, (r) => r.mainCpuUs).mainCpuUs;
const bareMain = median(results.bare, (r) => r.mainCpuUs).mainCpuUs;
console.log(`ratio OTS/bare requests per second: ${(ots.rps / bare.rps).toFixed(2)} (target >= 0.5)`);
console.log(
  `ratio bare/OTS main-thread CPU per request: ${(bareMain / otsMain).toFixed(2)} ` +
    `(${bareMain.toFixed(0)} / ${otsMain.toFixed(0)} µs, medians: the throughput ratio when both main threads saturate a core)`,
);
console.log(
  `ratio bare/OTS server CPU per request, every thread: ${(bareCpu / otsCpu).toFixed(2)} ` +
    `(${bareCpu.toFixed(0)} / ${otsCpu.toFixed(0)} µs, medians)`,
);
console.log(`OTS  signed place+cancel: ${describe(ots)}`);
console.log(`bare fastify, same body schema: ${describe(bare)}`);
// A server well short of one busy core did not set its own pace: its clients or the machine did.
for (const [name, r] of [
  ['OTS', ots],
  ['bare', bare],
] as const) {
  if (r.mainBusy < 0.85)
    console.log(
      `note: the ${name} server's main thread was only ${pct(r.mainBusy)} busy (busiest client ${pct(r.clientBusy)}): ` +
        `its req/s is bound by ${r.clientBusy > 0.85 ? 'the client' : 'the machine (cores shared with clients and other load)'}; the main-thread CPU ratio is the fairer figure`,
    );
}
console.log(
  `(${CONNECTIONS} keep-alive connections over ${CLIENTS} client processes, median of ${RUNS} runs of ` +
    `${MEASURE_MS} ms, sides alternating${COMMIT_THREAD ? ', OTS with its commit thread' : ''})`,
);
