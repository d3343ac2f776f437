/**
 * One side of the trade bench, in its own process:
 * `node --import tsx bench/trade-server.ts <ots|bare> [keys] [commit-thread: true|false]`.
 * Sends `{type: 'ready', url, keys: [{apiKey, apiSecret}], account}` over IPC once it listens (one
 * key per client process); answers 'cpu'
 * with its `process.cpuUsage()` and its main thread's CPU; exits on 'stop'.
 *
 * `ots`: the real gateway (fresh data directory, sim venue and market timer on), an account with
 * funds and `keys` keys whose rate limit is off. `bare`: a plain fastify server whose routes validate the
 * same place body with the same JSON schema and answer the same shapes, with no auth, risk,
 * engine or store: the floor of what a fastify route costs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { startGateway } from '../packages/gateway/src/index.js';
import { placeBody } from '../packages/gateway/src/trade/schemas.js';

const side = process.argv[2];

/**
 * CPU time (user + system, µs) of the main thread alone, which parses, authenticates, matches and
 * answers: the gateway's other threads (the commit thread, WAL checkpoints) run beside it. Read from
 * /proc on Linux (clock ticks of 10 ms); undefined elsewhere.
 */
function mainThreadCpuUs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return undefined;
  }
}
const KEYS = Number(process.argv[3] ?? 1);
const COMMIT_THREAD = process.argv[4] === 'true';
const ACCOUNT = 'sim/bench';

async function ots() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-bench-trade-'));
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logger: 'silent',
    trade: { commitThread: COMMIT_THREAD },
  });
  gateway.admin.createAccount(ACCOUNT, { usdt: 10_000_000, btc: 100 });
  const keys = Array.from({ length: KEYS }, () => {
    const key = gateway.admin.createKey({ accounts: [ACCOUNT], rateLimit: { ratePerSecond: 0, burst: 0 } });
    return { apiKey: key.api_key, apiSecret: key.api_secret };
  });
  return {
    url: gateway.url,
    keys,
    close: async () => {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function bare() {
  const app = Fastify({ ajv: { customOptions: { allowUnionTypes: true } } });
  let id = 0;
  app.post('/api/v1/trade/:exchange/:account/orders', { schema: { body: placeBody } }, (request) => {
    const body = request.body as { contract: string; client_oid: string };
    return { exchange_oid: `${body.contract}-${++id}`, client_oid: body.client_oid };
  });
  app.delete('/api/v1/trade/:exchange/:account/orders', (request) => {
    const query = request.query as { exchange_oid: string };
    return { exchange_oid: query.exchange_oid, client_oid: 'x' };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    keys: Array.from({ length: KEYS }, () => ({ apiKey: 'bare', apiSecret: 'bare-secret' })),
    close: () => app.close(),
  };
}

const server = side === 'ots' ? await ots() : await bare();
process.send?.({
  type: 'ready',
  url: server.url,
  keys: server.keys,
  account: ACCOUNT,
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu')
    process.send?.({ type: 'cpu', usage: process.cpuUsage(), mainThreadUs: mainThreadCpuUs() });
  if (m.type === 'stop') void server.close().then(() => process.exit(0));
});
