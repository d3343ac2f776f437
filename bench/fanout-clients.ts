/**
 * Fanout bench clients (a child process): N websocket clients of one server, each subscribed to
 * the bench contract. Over the measured window they count the ticks received and the latency from
 * injection (the tick's `time`, µs) to receipt, and their own CPU share (1 = one core busy).
 */
import WebSocket from 'ws';
import { BENCH_CONTRACT, nowUs } from './fanout-tick.js';

const TIME_KEY = Buffer.from('"time":"');
let measuring = false;
/** Latency is read from every frame at a fixed load; at saturation the clients only count. */
let timing = true;
let received = 0;
let latencies: number[] = [];

function onFrame(data: Buffer): void {
  if (!measuring) return;
  if (!timing) {
    received++;
    return;
  }
  const at = data.indexOf(TIME_KEY);
  if (at < 0) return;
  received++;
  // "2026-11-25T11:10:12.627000+00:00": milliseconds from Date.parse, then the micro digits.
  const iso = data.toString('latin1', at + 8, at + 40);
  const us = Date.parse(`${iso.slice(0, 19)}Z`) * 1000 + (iso[19] === '.' ? Number(iso.slice(20, 26)) : 0);
  latencies.push(nowUs() - us);
}

async function connect(url: string, n: number, subscribe: boolean): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  const open = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.on('message', onFrame);
      ws.once('open', () => {
        if (subscribe)
          ws.send(JSON.stringify({ uri: 'subscribe-single-tick-verbose', contract: BENCH_CONTRACT }));
        resolve(ws);
      });
      ws.once('error', reject);
    });
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, open));
    sockets.push(...batch);
  }
  return sockets;
}

let sockets: WebSocket[] = [];
process.on(
  'message',
  async (message: {
    type: string;
    url: string;
    n: number;
    subscribe: boolean;
    warmupMs: number;
    measureMs: number;
    timing: boolean;
  }) => {
    if (message.type === 'connect') {
      sockets = await connect(message.url, message.n, message.subscribe);
      // Let the subscriptions land before the server starts injecting.
      await new Promise((r) => setTimeout(r, 200));
      process.send!({ type: 'connected' });
    } else if (message.type === 'measure') {
      timing = message.timing;
      setTimeout(() => {
        received = 0;
        latencies = [];
        measuring = true;
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        setTimeout(() => {
          measuring = false;
          const elapsedMs = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          const cpuShare = (cpu.user + cpu.system) / 1000 / elapsedMs;
          const sorted = Float64Array.from(latencies).sort();
          const at = (q: number) =>
            sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
          process.send!({ type: 'result', received, elapsedMs, cpuShare, p50Us: at(0.5), p99Us: at(0.99) });
        }, message.measureMs);
      }, message.warmupMs);
    } else if (message.type === 'close') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  },
);
