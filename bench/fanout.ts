/**
 * Fanout bench: `node --import tsx bench/fanout.ts [--subscribers 1,100,1000] [--runs 3] [--measure-ms 3000]`.
 *
 * OTS (the real gateway, fed by a bench-only venue that injects verbose ticks at a set rate)
 * against a bare `ws` server that builds the identical frame once per tick and sends the same
 * Buffer to every client: the floor of what any Node server can do with `ws`. Server and clients
 * run in separate processes; every run starts fresh ones. For each number of subscribers:
 *   (c) saturation: ticks injected as fast as the server's event loop allows, deliveries per
 *       second received by the clients (OTS's conflated frames counted apart), also per second of
 *       server CPU (on a shared machine a process rarely gets a whole core);
 *   (a) CPU microseconds per delivery at a fixed load of 70% of the bare server's saturation,
 *       measured in the server process (user + system over the window / frames sent);
 *   (b) latency from injection to receipt at that load, p50 and p99.
 * Sides alternate (bare, OTS, OTS, bare, ...) and the median of the runs is reported. The first line
 * is the ratio of bare CPU per delivery to OTS CPU per delivery at the largest subscriber count.
 */

import { benchArgs } from './lib/args.js';
import { forkBench, reply } from './lib/child.js';
import { alternate, median } from './lib/runs.js';

const args = benchArgs();
const SUBSCRIBERS = (args.get('subscribers') ?? '1,100,1000').split(',').map(Number);
const RUNS = Number(args.get('runs') ?? 3);
const MEASURE_MS = Number(args.get('measure-ms') ?? 3000);
const WARMUP_MS = 1000;
const LOAD = 0.7;

type Side = 'ots' | 'bare';
interface ServerResult {
  cpuUs: number;
  sends: number;
  conflated: number;
  elapsedMs: number;
  injected: number;
}
interface ClientResult {
  received: number;
  elapsedMs: number;
  cpuShare: number;
  p50Us: number;
  p99Us: number;
}
interface Run {
  server: ServerResult;
  clients: ClientResult;
}

async function run(side: Side, subscribers: number, rate: number | 'max'): Promise<Run> {
  const server = forkBench('fanout-server.ts', [side]);
  const { url } = await reply<{ url: string }>(server, 'ready');
  const clients = forkBench('fanout-clients.ts');
  clients.send({ type: 'connect', url, n: subscribers, subscribe: side === 'ots' });
  await reply(clients, 'connected');
  const batch = Math.max(1, Math.ceil(100 / subscribers));
  const serverResult = reply<ServerResult>(server, 'result');
  const clientResult = reply<ClientResult>(clients, 'result');
  server.send({ type: 'run', rate, batch, warmupMs: WARMUP_MS, measureMs: MEASURE_MS });
  clients.send({ type: 'measure', warmupMs: WARMUP_MS, measureMs: MEASURE_MS, timing: rate !== 'max' });
  const result = { server: await serverResult, clients: await clientResult };
  clients.send({ type: 'close' });
  server.send({ type: 'close' });
  await Promise.all([
    new Promise((r) => clients.once('exit', r)),
    new Promise((r) => server.once('exit', r)),
  ]);
  return result;
}

const deliveriesPerSecond = (r: Run) => (r.clients.received * 1000) / r.clients.elapsedMs;
const cpuPerDelivery = (r: Run) => r.server.cpuUs / Math.max(1, r.server.sends);
const cpuShares = (runs: Run[]) => ({
  server: median(runs.map((r) => r.server.cpuUs / 1000 / r.server.elapsedMs)),
  clients: median(runs.map((r) => r.clients.cpuShare)),
});
const pct = (share: number) => `${Math.round(share * 100)}%`;
const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Row {
  subscribers: number;
  satBare: number;
  satOts: number;
  /** CPU share (1 = one core) of the server and of the clients' process during the saturation runs. */
  satCpu: Record<Side, { server: number; clients: number }>;
  conflatedPerSecond: number;
  rate: number;
  cpuBare: number;
  cpuOts: number;
  latency: Record<Side, { p50: number; p99: number }>;
  deliveredAtLoad: Record<Side, number>;
}

const rows: Row[] = [];
for (const subscribers of SUBSCRIBERS) {
  const saturation = await alternate(['bare', 'ots'], RUNS, (side) => run(side, subscribers, 'max'));
  const satBare = median(saturation.bare.map(deliveriesPerSecond));
  const satOts = median(saturation.ots.map(deliveriesPerSecond));
  const conflatedPerSecond = median(
    saturation.ots.map((r) => (r.server.conflated * 1000) / r.server.elapsedMs),
  );
  const rate = (LOAD * satBare) / subscribers;
  const load = await alternate(['bare', 'ots'], RUNS, (side) => run(side, subscribers, rate));
  rows.push({
    subscribers,
    satBare,
    satOts,
    conflatedPerSecond,
    satCpu: {
      bare: cpuShares(saturation.bare),
      ots: cpuShares(saturation.ots),
    },
    rate,
    cpuBare: median(load.bare.map(cpuPerDelivery)),
    cpuOts: median(load.ots.map(cpuPerDelivery)),
    latency: {
      bare: {
        p50: median(load.bare.map((r) => r.clients.p50Us)),
        p99: median(load.bare.map((r) => r.clients.p99Us)),
      },
      ots: {
        p50: median(load.ots.map((r) => r.clients.p50Us)),
        p99: median(load.ots.map((r) => r.clients.p99Us)),
      },
    },
    deliveredAtLoad: {
      bare: median(load.bare.map(deliveriesPerSecond)),
      ots: median(load.ots.map(deliveriesPerSecond)),
    },
  });
  process.stderr.write(`fanout: ${subscribers} subscribers done\n`);
}

const top = rows[rows.length - 1];
console.log(
  `fanout: bare/OTS CPU per delivery at ${f(top.subscribers)} subscribers = ${(top.cpuBare / top.cpuOts).toFixed(2)} ` +
    `(bare ${f(top.cpuBare, 2)} µs, OTS ${f(top.cpuOts, 2)} µs; target >= 0.9; median of ${RUNS}, alternating)`,
);
for (const r of rows) {
  console.log(`\n${f(r.subscribers)} subscriber(s), one contract, ${10}-level verbose ticks:`);
  console.log(
    `  (c) saturation: bare ${f(r.satBare)} deliveries/s, OTS ${f(r.satOts)} deliveries/s ` +
      `(+ ${f(r.conflatedPerSecond)} conflated frames/s not sent); per server CPU-second: bare ${f(r.satBare / r.satCpu.bare.server)}, ` +
      `OTS ${f(r.satOts / r.satCpu.ots.server)}; CPU of one core: server bare ${pct(r.satCpu.bare.server)}, ` +
      `OTS ${pct(r.satCpu.ots.server)}, clients ${pct(r.satCpu.bare.clients)} / ${pct(r.satCpu.ots.clients)}` +
      (Math.max(r.satCpu.bare.clients, r.satCpu.ots.clients) > 0.9
        ? ' (the clients are the limit here)'
        : ''),
  );
  console.log(
    `  (a) at ${f(r.rate, 1)} ticks/s (70% of bare saturation): CPU per delivery bare ${f(r.cpuBare, 2)} µs, ` +
      `OTS ${f(r.cpuOts, 2)} µs (ratio ${(r.cpuBare / r.cpuOts).toFixed(2)}); delivered bare ${f(r.deliveredAtLoad.bare)}/s, OTS ${f(r.deliveredAtLoad.ots)}/s`,
  );
  console.log(
    `  (b) latency injection -> receipt: bare p50 ${f(r.latency.bare.p50)} µs, p99 ${f(r.latency.bare.p99)} µs; ` +
      `OTS p50 ${f(r.latency.ots.p50)} µs, p99 ${f(r.latency.ots.p99)} µs`,
  );
}
