/**
 * One side of the ingest bench in a fresh process: `ingest-runner.ts ccxt|ots` prints
 * `{"side", "rate", "count"}` (see ingest.ts, which runs the sides alternately).
 *
 * Recorded OKX frames (bench/fixtures/okx-btc-usdt-frames.jsonl, see ingest-frames.ts) are fed
 * straight into ccxt's message handler (the websocket transport stubbed out, nothing else), one
 * frame per event-loop turn as a socket would deliver them. Two sides on the same frames:
 * - ccxt alone: one loop per stream awaiting `watchOrderBook` / `watchTrades` and counting updates;
 * - OTS: the live venue's market feed (tight watch loops, normalisation to protocol Ticks and Zhubi)
 *   publishing ticks on the in-process bus, counted by a bus subscriber.
 * Each pass is a fresh exchange; a process runs untimed passes, then times several together
 * (lib/steady-rate.ts). ingest.ts alternates the sides' processes (A B A B ...) and reports the median
 * of each.
 * First line: the ratio of OTS ticks/s to ccxt-alone updates/s (target: at least 0.9).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCcxtExchange } from '../packages/gateway/src/venues/live/ccxt-client.js';
import { LIVE_EXCHANGES } from '../packages/gateway/src/venues/live/exchanges.js';
import { type CcxtMarketLike, MarketMap } from '../packages/gateway/src/venues/live/markets.js';
import { INSTRUMENT, loadFrames } from './ingest-frames.js';
import { countFeedTicks } from './lib/feed-count.js';
import { steadyRate } from './lib/steady-rate.js';
import { countCcxtUpdates } from './lib/watch-count.js';

const here = dirname(fileURLToPath(import.meta.url));
const side = process.argv[2];
const FRAMES = 10_000;
const frames = loadFrames(join(here, 'fixtures', 'okx-btc-usdt-frames.jsonl'), FRAMES);
const profile = LIVE_EXCHANGES.okex!;
const SYMBOL = 'BTC/USDT';
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface WsClientLike {
  connect(): Promise<void>;
  send(message: unknown): Promise<void>;
}

/** A ccxt OKX with markets set and its public socket's transport replaced by a no-op. */
async function offlineOkx() {
  const exchange = await createCcxtExchange(profile, { rewriteUrl: (url) => url.replace(/^wss:/, 'ws:') });
  const parsed = (exchange as unknown as { parseMarkets(m: unknown[]): unknown[] }).parseMarkets([
    INSTRUMENT,
  ]);
  exchange.setMarkets(parsed as never);
  const url = `${exchange.urls.api.ws as unknown as string}/public`;
  const client = exchange.client(url) as unknown as WsClientLike;
  client.connect = () => Promise.resolve();
  client.send = () => Promise.resolve();
  return { exchange, client };
}

async function feed(
  exchange: Awaited<ReturnType<typeof offlineOkx>>['exchange'],
  client: unknown,
): Promise<number> {
  const handle = (exchange as unknown as { handleMessage(c: unknown, m: unknown): void }).handleMessage.bind(
    exchange,
  );
  await turn(); // the watch loops subscribe
  // CPU time, not wall time: on a shared machine other processes stretch the wall clock, not this.
  const start = process.cpuUsage();
  for (const frame of frames) {
    handle(client, JSON.parse(frame));
    await turn();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function ccxtAlone(): Promise<{ count: number; seconds: number }> {
  const { exchange, client } = await offlineOkx();
  const { updates, seconds } = await countCcxtUpdates(exchange, SYMBOL, () => feed(exchange, client));
  return { count: updates, seconds };
}

async function ots(): Promise<{ count: number; seconds: number }> {
  const { exchange, client } = await offlineOkx();
  const markets = new MarketMap('okex', 'spot', Object.values(exchange.markets ?? {}) as CcxtMarketLike[]);
  const market = markets.forContract('okex/btc.usdt');
  const { ticks, seconds } = await countFeedTicks(profile, exchange, market, () => feed(exchange, client));
  return { count: ticks, seconds };
}

const { rate, count } = await steadyRate(side === 'ots' ? ots : ccxtAlone);
console.log(JSON.stringify({ side, rate, count }));
process.exit(0);
