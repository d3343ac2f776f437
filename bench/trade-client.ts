/**
 * The trade bench's load generator, in its own process (forked by `bench/trade.ts` with IPC):
 * `node --import tsx bench/trade-client.ts <url> <apiKey> <apiSecret> <account> <warmupMs> <measureMs> <connections>`.
 *
 * `connections` workers on as many keep-alive sockets each loop: place a far-from-market bid, then
 * cancel it, every request signed (HMAC over the raw body) as the SDKs do. Each request counts as
 * one. HTTP/1.1 is spoken directly on `net` sockets (one request in flight per socket, answers
 * framed by Content-Length): node's `http` client costs several times what a small server route
 * costs, and a bench whose client saturates first measures the client.
 *
 * Protocol with the parent: after `warmupMs` it sends `{type: 'warm'}` and keeps the load on; on
 * `{type: 'go'}` it measures for `measureMs` and sends `{type: 'done', result}` (requests, errors,
 * elapsed ms, its own CPU µs in that window, and every latency in µs), then stops.
 */
import { createHmac } from 'node:crypto';
import net from 'node:net';

const [url, apiKey, apiSecret, account, warmupText, measureText, connectionsText] = process.argv.slice(2);
const WARMUP_MS = Number(warmupText);
const MEASURE_MS = Number(measureText);
const CONNECTIONS = Number(connectionsText);
const target = new URL(url);
const prefix = '/api/v1/trade';

let nonce = BigInt(Date.now()) * 1000n;

/** One keep-alive connection, one request at a time. */
class Connection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((answer: { status: number; text: string }) => void) | undefined;
  readonly ready: Promise<void>;

  constructor() {
    this.socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
  }

  request(
    method: string,
    path: string,
    query: string,
    body: string,
  ): Promise<{ status: number; text: string }> {
    nonce += 1n;
    const n = nonce.toString();
    const signature = createHmac('sha256', apiSecret)
      .update(method + path + n + body)
      .digest('hex');
    let head =
      `${method} ${prefix}${path}${query} HTTP/1.1\r\nHost: ${target.host}\r\nApi-Key: ${apiKey}\r\n` +
      `Api-Nonce: ${n}\r\nApi-Signature: ${signature}\r\n`;
    if (body) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    this.socket.write(`${head}\r\n${body}`);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    const text = this.buffer.toString('utf8', end + 4, end + 4 + length);
    this.buffer = this.buffer.subarray(end + 4 + length);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ status: Number(head.slice(9, 12)), text });
  }
}

let measuring = false;
let stopped = false;
let requests = 0;
let errors = 0;
const latencies: number[] = [];

async function timed(c: Connection, method: string, path: string, query: string, body: string) {
  const start = process.hrtime.bigint();
  const res = await c.request(method, path, query, body);
  if (measuring) {
    latencies.push(Math.round(Number(process.hrtime.bigint() - start) / 1000));
    requests++;
    if (res.status !== 200) errors++;
  }
  return res;
}

async function worker(w: number) {
  const c = new Connection();
  await c.ready;
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
    const placed = await timed(c, 'POST', path, '', body);
    if (placed.status !== 200) {
      if (errors < 3 && measuring) process.stderr.write(`place failed: ${placed.status} ${placed.text}\n`);
      continue;
    }
    const { exchange_oid } = JSON.parse(placed.text) as { exchange_oid: string };
    await timed(c, 'DELETE', path, `?exchange_oid=${encodeURIComponent(exchange_oid)}`, '');
  }
  c.close();
}

const workers = Array.from({ length: CONNECTIONS }, (_, w) => worker(w));
await new Promise((r) => setTimeout(r, WARMUP_MS));
process.send?.({ type: 'warm' });
await new Promise<void>((resolve) => process.once('message', () => resolve()));
measuring = true;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await new Promise((r) => setTimeout(r, MEASURE_MS));
measuring = false;
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
stopped = true;
await Promise.all(workers);
// Disconnect only once the (large) result is written: disconnecting at once may drop it.
process.send?.(
  { type: 'done', result: { requests, errors, elapsedMs, cpuUs: cpu.user + cpu.system, latencies } },
  undefined,
  {},
  () => process.disconnect?.(),
);
