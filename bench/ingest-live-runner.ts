/**
 * One side of the ingest bench for HTX (`huobip`), Bitfinex, Poloniex or Bithumb in a fresh
 * process: `ingest-live-runner.ts ccxt|ots <exchange>` prints `{"side", "exchange", "rate", "count"}`.
 * The method is ingest-runner.ts's (OKX): the exchange's recorded frames (ingest-live-frames.ts)
 * are fed straight into ccxt's message handler, one per event-loop turn, with the websocket
 * transport stubbed out; ccxt alone counts `watchOrderBook` / `watchTrades` updates, OTS counts the
 * ticks its market feed publishes on the in-process bus (the venue's quirks installed, as live).
 * Rates are per CPU second, measured as lib/steady-rate.ts says (untimed passes, then several timed).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CcxtExchange, createCcxtExchange } from '../packages/gateway/src/venues/live/ccxt-client.js';
import { LIVE_EXCHANGES } from '../packages/gateway/src/venues/live/exchanges.js';
import { type CcxtMarketLike, MarketMap } from '../packages/gateway/src/venues/live/markets.js';
import { installQuirks } from '../packages/gateway/src/venues/live/quirks.js';
import { type LiveBenchExchange, loadLiveFrames } from './ingest-live-frames.js';
import { countFeedTicks } from './lib/feed-count.js';
import { steadyRate } from './lib/steady-rate.js';
import { countCcxtUpdates } from './lib/watch-count.js';

const here = dirname(fileURLToPath(import.meta.url));
const side = process.argv[2];
const code = process.argv[3] as LiveBenchExchange;
const FRAMES = 10_000;
const SYMBOL = 'BTC/USDT';
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface WsClientLike {
  connect(): Promise<void>;
  send(message: unknown): Promise<void>;
}

interface Setup {
  /** ccxt's unified BTC/USDT market of the exchange. */
  market: Record<string, unknown>;
  /** The public websocket URLs the frames arrive on (after the rewrite to ws://). */
  urls(exchange: CcxtExchange): string[];
  /** Which of those URLs a frame arrives on. */
  route(frame: Record<string, unknown> | unknown[]): number;
  /**
   * A frame that answers a request ccxt sends from a timer (HTX's snapshot request): the feeder
   * lets that timer run first, as the network round trip would.
   */
  afterRequest?(frame: Record<string, unknown> | unknown[]): boolean;
}

function spot(
  id: string,
  tick: number | undefined,
  lot: number | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    symbol: SYMBOL,
    base: 'BTC',
    quote: 'USDT',
    baseId: 'BTC',
    quoteId: 'USDT',
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    precision: { price: tick, amount: lot },
    limits: { amount: { min: 0.00001 }, price: {}, cost: {}, leverage: {} },
    maker: 0.001,
    taker: 0.002,
    info: {},
    ...extra,
  };
}

const SETUPS: Record<LiveBenchExchange, Setup> = {
  huobip: {
    market: spot('btcusdt', 0.01, 0.000001, { lowercaseId: 'btcusdt', baseId: 'btc', quoteId: 'usdt' }),
    urls: (e) => {
      const ws = (e.urls.api as unknown as { ws: { api: { spot: { public: string; feed: string } } } }).ws.api
        .spot;
      return [ws.feed, ws.public];
    },
    route: (f) => {
      const m = f as Record<string, unknown>;
      return m.rep !== undefined || String(m.ch ?? m.subbed ?? '').includes('.mbp.') ? 0 : 1;
    },
    afterRequest: (f) => (f as Record<string, unknown>).rep !== undefined,
  },
  // Significant digits: 5 for prices, 8 for amounts (ccxt's figures for Bitfinex).
  bitfinex: {
    market: spot('tBTCUST', 5, 8, { baseId: 'BTC', quoteId: 'UST' }),
    urls: (e) => [(e.urls.api as unknown as { ws: { public: string } }).ws.public],
    route: () => 0,
  },
  poloniex: {
    market: spot('BTC_USDT', 0.1, 0.00000001),
    urls: (e) => [(e.urls.api as unknown as { ws: { public: string } }).ws.public],
    route: () => 0,
  },
  bithumb: {
    market: spot('USDT-BTC', 4, 4, { baseId: 'BTC', quoteId: 'USDT' }),
    urls: (e) => [(e.urls.api as unknown as { ws: { publicGen2: string } }).ws.publicGen2],
    route: () => 0,
  },
};

const setup = SETUPS[code];
const profile = LIVE_EXCHANGES[code];
if (!setup || !profile)
  throw new Error(`usage: ingest-live-runner.ts ccxt|ots ${Object.keys(SETUPS).join('|')}`);
const frames = loadLiveFrames(
  join(here, 'fixtures', `${code === 'huobip' ? 'htx' : code}-btc-usdt-frames.jsonl`),
  code,
  FRAMES,
);

/** The exchange with its market set and its public sockets' transport replaced by a no-op. */
async function offline(withQuirks: boolean) {
  const exchange = await createCcxtExchange(profile as never, {
    rewriteUrl: (url) => url.replace(/^wss:/, 'ws:'),
  });
  exchange.setMarkets([setup.market] as never);
  if (withQuirks) await installQuirks(profile?.ccxtId ?? '', exchange);
  const clients = setup.urls(exchange).map((url) => {
    const client = exchange.client(url) as unknown as WsClientLike;
    client.connect = () => Promise.resolve();
    client.send = () => Promise.resolve();
    return client;
  });
  return { exchange, clients };
}

async function feed(exchange: CcxtExchange, clients: WsClientLike[]): Promise<number> {
  const handle = (exchange as unknown as { handleMessage(c: unknown, m: unknown): void }).handleMessage.bind(
    exchange,
  );
  await turn(); // the watch loops subscribe
  let cpu = 0;
  let start = process.cpuUsage();
  for (const text of frames) {
    const frame = JSON.parse(text) as Record<string, unknown>;
    if (setup.afterRequest?.(frame)) {
      const used = process.cpuUsage(start);
      cpu += used.user + used.system;
      await sleep(5);
      start = process.cpuUsage();
    }
    handle(clients[setup.route(frame)], frame);
    await turn();
  }
  const used = process.cpuUsage(start);
  return (cpu + used.user + used.system) / 1e6;
}

async function ccxtAlone(): Promise<{ count: number; seconds: number }> {
  const { exchange, clients } = await offline(false);
  const { updates, seconds } = await countCcxtUpdates(exchange, SYMBOL, () => feed(exchange, clients));
  return { count: updates, seconds };
}

async function ots(): Promise<{ count: number; seconds: number }> {
  const { exchange, clients } = await offline(true);
  // A significant-digit exchange's tick comes from a reference price (the frames trade near 90 000).
  const steps = profile?.priceSteps === 'significant-digits' ? { referencePrice: () => 90_000 } : undefined;
  const markets = new MarketMap(
    code,
    'spot',
    Object.values(exchange.markets ?? {}) as CcxtMarketLike[],
    steps,
  );
  const market = markets.forContract(`${code}/btc.usdt`);
  const { ticks, seconds } = await countFeedTicks(profile as never, exchange, market, () =>
    feed(exchange, clients),
  );
  return { count: ticks, seconds };
}

const { rate, count } = await steadyRate(side === 'ots' ? ots : ccxtAlone);
console.log(JSON.stringify({ side, exchange: code, rate, count }));
process.exit(0);
