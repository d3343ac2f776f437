/**
 * One side of the ingest bench in a fresh process: `ingest-runner.ts ccxt|ots` prints
 * `{"side", "rate", "count"}` (see ingest.ts, which runs the sides alternately).
 *
 *
 * Recorded OKX frames (bench/fixtures/okx-btc-usdt-frames.jsonl, see ingest-frames.ts) are fed
 * straight into ccxt's message handler (the websocket transport stubbed out, nothing else), one
 * frame per event-loop turn as a socket would deliver them. Two sides on the same frames:
 * - ccxt alone: one loop per stream awaiting `watchOrderBook` / `watchTrades` and counting updates;
 * - OTS: the live venue's market feed (tight watch loops, normalisation to protocol Ticks and Zhubi)
 *   publishing ticks on the in-process bus, counted by a bus subscriber.
 * After one untimed warm-up round of each, the sides alternate (A B A B ...), each round a fresh
 * exchange; the median of each is reported.
 * First line: the ratio of OTS ticks/s to ccxt-alone updates/s (target: at least 0.9).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCcxtExchange } from '../packages/gateway/src/venues/live/ccxt-client.js';
import { LIVE_EXCHANGES } from '../packages/gateway/src/venues/live/exchanges.js';
import { type CcxtMarketLike, MarketMap } from '../packages/gateway/src/venues/live/markets.js';
import { INSTRUMENT, loadFrames } from './ingest-frames.js';
import { countFeedTicks } from './lib/feed-count.js';
import { countCcxtUpdates } from './lib/watch-count.js';

const here = dirname(fileURLToPath(import.meta.url));
const side = process.argv[2];
const FRAMES = 10_000;
const frames = loadFrames(join(here, 'fixtures', 'okx-btc-usdt-frames.jsonl'), FRAMES);
const profile = LIVE_EXCHANGES.okex!;
const SYMBOL = 'BTC/USDT';
const counts = { ccxt: 0, ots: 0 };
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

async function ccxtAlone(): Promise<number> {
  const { exchange, client } = await offlineOkx();
  const { updates, seconds } = await countCcxtUpdates(exchange, SYMBOL, () => feed(exchange, client));
  counts.ccxt = updates;
  return updates / seconds;
}

async function ots(): Promise<number> {
  const { exchange, client } = await offlineOkx();
  const markets = new MarketMap('okex', 'spot', Object.values(exchange.markets ?? {}) as CcxtMarketLike[]);
  const market = markets.forContract('okex/btc.usdt');
  const { ticks, seconds } = await countFeedTicks(profile, exchange, market, () => feed(exchange, client));
  counts.ots = ticks;
  return ticks / seconds;
}

// An untimed pass first, so that the timed one does not pay for the JIT warming up.
const run = side === 'ots' ? ots : ccxtAlone;
await run();
const rate = await run();
console.log(JSON.stringify({ side, rate, count: side === 'ots' ? counts.ots : counts.ccxt }));
process.exit(0);
