/**
 * The trade bench's load generator, in its own process:
 * `node --import tsx bench/trade-client.ts <url> <apiKey> <apiSecret> <account> <warmupMs> <measureMs> <connections>`.
 * `connections` workers on as many keep-alive sockets each loop: place a far-from-market bid, then
 * cancel it, every request signed (HMAC over the raw body) as the SDKs do. Each request counts as
 * one. Prints one JSON line: requests (measured), all requests (warm-up included), errors, elapsed
 * ms, p50 and p99 latency in µs.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

const [url, apiKey, apiSecret, account, warmupText, measureText, connectionsText] = process.argv.slice(2);
const WARMUP_MS = Number(warmupText);
const MEASURE_MS = Number(measureText);
const CONNECTIONS = Number(connectionsText);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const prefix = '/api/v1/trade';

let nonce = BigInt(Date.now()) * 1000n;
function headers(method: string, path: string, body: string): http.OutgoingHttpHeaders {
  nonce += 1n;
  const n = nonce.toString();
  const signature = createHmac('sha256', apiSecret)
    .update(method + path + n + body)
    .digest('hex');
  const h: http.OutgoingHttpHeaders = { 'Api-Key': apiKey, 'Api-Nonce': n, 'Api-Signature': signature };
  if (body) {
    h['content-type'] = 'application/json';
    h['content-length'] = Buffer.byteLength(body);
  }
  return h;
}

function request(
  method: string,
  path: string,
  query: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: prefix + path + query,
        agent,
        headers: headers(method, path, body),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

let measuring = false;
let stopped = false;
let requests = 0;
let errors = 0;
/** Every request answered, warm-up included (for the server's CPU per request). */
let allRequests = 0;
const latencies: number[] = [];

async function timed(method: string, path: string, query: string, body: string) {
  const start = process.hrtime.bigint();
  const res = await request(method, path, query, body);
  allRequests++;
  if (measuring) {
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
    requests++;
    if (res.status !== 200) errors++;
  }
  return res;
}

async function worker(w: number) {
  let i = 0;
  const path = `/${account}/orders`;
  while (!stopped) {
    const client_oid = `bench-${process.pid}-${w}-${i++}`;
    const body = JSON.stringify({
      contract: 'sim/btc.usdt',
      price: 10000,
      bs: 'b',
      amount: 0.0001,
      client_oid,
    });
    const placed = await timed('POST', path, '', body);
    if (placed.status !== 200) {
      if (errors < 3 && measuring) process.stderr.write(`place failed: ${placed.status} ${placed.text}\n`);
      continue;
    }
    const { exchange_oid } = JSON.parse(placed.text) as { exchange_oid: string };
    await timed('DELETE', path, `?exchange_oid=${encodeURIComponent(exchange_oid)}`, '');
  }
}

const workers = Array.from({ length: CONNECTIONS }, (_, w) => worker(w));
await new Promise((r) => setTimeout(r, WARMUP_MS));
measuring = true;
const started = performance.now();
await new Promise((r) => setTimeout(r, MEASURE_MS));
measuring = false;
const elapsedMs = performance.now() - started;
stopped = true;
await Promise.all(workers);
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests, allRequests, errors, elapsedMs, p50Us: Math.round(pct(50)), p99Us: Math.round(pct(99)) })}\n`,
);
