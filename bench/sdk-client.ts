/**
 * SDK bench client (a child process). `sdk`: one `Quote` hands every tick to a sync callback (parsed
 * into a `Tick`). `bare`: a plain `ws` client on the same endpoint that authenticates, subscribes,
 * pings and `JSON.parse`s each frame: the floor for reading this stream in Node. Reports ticks
 * received and its own CPU time over the measured window.
 */
import { Quote } from '@ots/sdk';
import WebSocket from 'ws';
import { BENCH_CONTRACTS } from './sdk-server-contracts.js';

const [mode, url] = process.argv.slice(2) as ['sdk' | 'bare', string];
let received = 0;
let sink = 0;

async function sdkClient(): Promise<void> {
  const quote = new Quote({ url });
  await Promise.all(
    BENCH_CONTRACTS.map((contract) =>
      quote.subscribeTick(contract, (tick) => {
        received++;
        sink += tick.bids.length;
      }),
    ),
  );
}

async function bareClient(): Promise<void> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/ws/tick`, { perMessageDeflate: false });
  await new Promise((resolve) => ws.once('open', resolve));
  let acks = 0;
  const subscribed = new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (message.uri === 'single-tick-verbose') {
        received++;
        sink += message.data.bids.length;
      } else if (message.uri === 'subscribe-single-tick-verbose' && ++acks === BENCH_CONTRACTS.length)
        resolve();
    });
  });
  ws.send(JSON.stringify({ uri: 'auth' }));
  for (const contract of BENCH_CONTRACTS)
    ws.send(JSON.stringify({ uri: 'subscribe-single-tick-verbose', contract }));
  setInterval(() => ws.send('{"uri":"ping"}'), 5000).unref();
  await subscribed;
}

await (mode === 'sdk' ? sdkClient() : bareClient());
process.send?.({ type: 'subscribed' });
process.on('message', async (message: { type: string; warmupMs: number; measureMs: number }) => {
  if (message.type !== 'measure') return;
  await new Promise((resolve) => setTimeout(resolve, message.warmupMs));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r0 = received;
  await new Promise((resolve) => setTimeout(resolve, message.measureMs));
  const cpu = process.cpuUsage(cpu0);
  const elapsedMs = performance.now() - t0;
  process.send?.({ type: 'result', ticks: received - r0, cpuUs: cpu.user + cpu.system, elapsedMs, sink });
  process.exit(0);
});
