/**
 * Fanout bench server (a child process): `ots` runs the real gateway with the injector venue and
 * nothing else; `bare` runs a plain `ws` server that builds the same frame once per tick and sends
 * that Buffer to every client. Both report their CPU time and sends over the measured window.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { benchTick, drive, InjectorVenue, verboseFrame } from './fanout-tick.js';
import { startBenchGateway } from './lib/gateway.js';

const mode = process.argv[2] as 'ots' | 'bare';

interface Server {
  url: string;
  inject(seq: number): void;
  /** Frames sent to sockets so far, and frames conflated away. */
  counters(): { sends: number; conflated: number };
  close(): Promise<void>;
}

async function otsServer(): Promise<Server> {
  const venue = new InjectorVenue();
  const { gateway, close } = await startBenchGateway(venue, 'fanout');
  const value = (text: string, name: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  return {
    url: `${gateway.url.replace('http', 'ws')}/api/v1/quote/ws`,
    inject: (seq) => venue.inject(seq),
    counters: () => {
      const text = gateway.metrics.framesOut.render() + gateway.metrics.conflated.render();
      return {
        sends: value(text, 'ots_frames_out_total'),
        conflated: value(text, 'ots_frames_conflated_total'),
      };
    },
    close,
  };
}

async function bareServer(): Promise<Server> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const clients = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
  });
  let sends = 0;
  const options = { binary: false };
  const address = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    inject: (seq) => {
      const frame = verboseFrame(benchTick(seq));
      for (const ws of clients) {
        if (ws.readyState === WebSocket.OPEN) {
          ws.send(frame, options);
          sends++;
        }
      }
    },
    counters: () => ({ sends, conflated: 0 }),
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

const server = mode === 'ots' ? await otsServer() : await bareServer();
process.send!({ type: 'ready', url: server.url });

process.on(
  'message',
  (message: { type: string; rate: number | 'max'; batch: number; warmupMs: number; measureMs: number }) => {
    if (message.type === 'close') {
      server.close().then(() => process.exit(0));
      return;
    }
    const stop = drive(message.rate, message.batch, (seq) => server.inject(seq));
    setTimeout(() => {
      const cpu0 = process.cpuUsage();
      const c0 = server.counters();
      const t0 = performance.now();
      setTimeout(() => {
        const cpu = process.cpuUsage(cpu0);
        const c1 = server.counters();
        const elapsedMs = performance.now() - t0;
        const injected = stop();
        process.send!({
          type: 'result',
          cpuUs: cpu.user + cpu.system,
          sends: c1.sends - c0.sends,
          conflated: c1.conflated - c0.conflated,
          elapsedMs,
          injected,
        });
      }, message.measureMs);
    }, message.warmupMs);
  },
);
