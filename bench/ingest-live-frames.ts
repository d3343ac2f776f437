/**
 * Frames for the ingest bench on HTX (`huobip`), Bitfinex, Poloniex and Bithumb: each exchange's
 * own public websocket messages for BTC/USDT, in its documented format, generated from a seed in
 * the proportions of a busy spot market (about 4 book messages per trade message), written once to
 * bench/fixtures/{exchange}-btc-usdt-frames.jsonl and read back as JSON lines.
 *
 * - HTX: the subscription answer, incremental `mbp.150` deltas chained by `seqNum`/`prevSeqNum`,
 *   the snapshot answer (`rep`) that ccxt asks for after the first delta, and `trade.detail`.
 * - Bitfinex: `subscribed` events, a P0 book snapshot then `[chanId, [price, count, amount]]`
 *   updates each followed by its checksum (`cs`, CRC-32 of the top 25 levels), `te`/`tu` trades.
 * - Poloniex: a `book_lv2` snapshot then updates chained by `lastId` → `id`, and `trades`.
 * - Bithumb: `orderbook` pushes of the whole top 30 levels, and single `trade` pushes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { seededRandom } from './lib/random.js';

export type LiveBenchExchange = 'huobip' | 'bitfinex' | 'poloniex' | 'bithumb';

/** Prices in ticks of 0.1 around 90 000; amounts with 8 decimals. */
const MID = 900_000;
const price = (ticks: number) => Number((ticks / 10).toFixed(1));
const amount = (r: () => number) => Number((0.0001 + r() * 2).toFixed(8));

/** The exchange-neutral market the frames describe: a book with changes, and trades. */
interface Step {
  kind: 'book' | 'trade';
  ts: number;
  /** Book changes `[price, amount]` (amount 0 removes the level). */
  bids?: Array<[number, number]>;
  asks?: Array<[number, number]>;
  trades?: Array<{ price: number; amount: number; side: 'buy' | 'sell'; id: number }>;
}

class Book {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  apply(step: Step): void {
    for (const [p, a] of step.bids ?? []) a === 0 ? this.bids.delete(p) : this.bids.set(p, a);
    for (const [p, a] of step.asks ?? []) a === 0 ? this.asks.delete(p) : this.asks.set(p, a);
  }

  top(side: 'bids' | 'asks', n: number): Array<[number, number]> {
    return [...this[side].entries()]
      .sort((x, y) => (side === 'bids' ? y[0] - x[0] : x[0] - y[0]))
      .slice(0, n);
  }
}

function market(count: number, depth: number, seed = 20261125): { start: Book; steps: Step[]; t0: number } {
  const r = seededRandom(seed);
  const start = new Book();
  for (let i = 0; i < depth; i++) {
    start.bids.set(price(MID - i), amount(r));
    start.asks.set(price(MID + 1 + i), amount(r));
  }
  let ts = Date.UTC(2026, 10, 25, 12);
  const t0 = ts;
  let tradeId = 500_000_000;
  const steps: Step[] = [];
  const changes = (side: 1 | -1) =>
    Array.from({ length: Math.floor(r() * 3) }, (): [number, number] => {
      const ticks = side === 1 ? MID + 1 + Math.floor(r() * 40) : MID - Math.floor(r() * 40);
      return [price(ticks), r() < 0.2 ? 0 : amount(r)];
    });
  while (steps.length < count) {
    ts += 1 + Math.floor(r() * 20);
    if (r() < 0.2) {
      const n = 1 + Math.floor(r() * 3);
      steps.push({
        kind: 'trade',
        ts,
        trades: Array.from({ length: n }, () => ({
          price: price(MID + Math.floor(r() * 3) - 1),
          amount: amount(r),
          side: r() < 0.5 ? ('buy' as const) : ('sell' as const),
          id: tradeId++,
        })),
      });
      continue;
    }
    // Never an empty change: every book message moves the book.
    let bids = changes(-1);
    const asks = changes(1);
    if (bids.length + asks.length === 0) bids = [[price(MID - Math.floor(r() * 40)), amount(r)]];
    steps.push({ kind: 'book', ts, bids, asks });
  }
  return { start, steps, t0 };
}

function htx(count: number): unknown[] {
  const { start, steps, t0 } = market(count - 3, 150);
  const ch = 'market.btcusdt.mbp.150';
  let seq = 100_000;
  const frames: unknown[] = [{ id: '1', status: 'ok', subbed: ch, ts: t0 }];
  frames.push({ id: '2', status: 'ok', subbed: 'market.btcusdt.trade.detail', ts: t0 });
  const book = new Book();
  for (const [p, a] of start.bids) book.bids.set(p, a);
  for (const [p, a] of start.asks) book.asks.set(p, a);
  let snapshotSent = false;
  for (const step of steps) {
    if (step.kind === 'trade') {
      frames.push({
        ch: 'market.btcusdt.trade.detail',
        ts: step.ts,
        tick: {
          id: step.ts,
          ts: step.ts,
          data: (step.trades ?? []).map((t) => ({
            id: t.id * 1000 + 1,
            ts: step.ts,
            tradeId: t.id,
            amount: t.amount,
            price: t.price,
            direction: t.side,
          })),
        },
      });
      continue;
    }
    book.apply(step);
    frames.push({
      ch,
      ts: step.ts,
      tick: { seqNum: seq + 1, prevSeqNum: seq, bids: step.bids, asks: step.asks },
    });
    seq += 1;
    if (!snapshotSent) {
      // ccxt asks for the snapshot (request id 3) after the first delta; HTX answers on the feed.
      snapshotSent = true;
      frames.push({
        id: '3',
        rep: ch,
        status: 'ok',
        ts: step.ts,
        data: { seqNum: seq, bids: book.top('bids', 150), asks: book.top('asks', 150) },
      });
    }
  }
  return frames;
}

function bitfinex(count: number): unknown[] {
  const { start, steps } = market(count, 25);
  const frames: unknown[] = [
    {
      event: 'subscribed',
      channel: 'book',
      chanId: 101,
      symbol: 'tBTCUST',
      prec: 'P0',
      freq: 'F0',
      len: '25',
      pair: 'BTCUST',
    },
    { event: 'subscribed', channel: 'trades', chanId: 102, symbol: 'tBTCUST', pair: 'BTCUST' },
    [
      101,
      [
        ...start.top('bids', 25).map(([p, a]) => [p, 1, a]),
        ...start.top('asks', 25).map(([p, a]) => [p, 1, -a]),
      ],
    ],
    [102, []],
  ];
  // Bitfinex keeps each subscriber's 25-level window: a change outside it is not sent, and a level
  // that enters or leaves the window is sent as it goes.
  const book = start;
  let view = windowOf(book);
  for (const step of steps) {
    if (frames.length >= count) break;
    if (step.kind === 'trade') {
      for (const t of step.trades ?? []) {
        const row = [t.id, step.ts, t.side === 'sell' ? -t.amount : t.amount, t.price];
        frames.push([102, 'te', row], [102, 'tu', row]);
      }
      continue;
    }
    book.apply(step);
    const next = windowOf(book);
    const changed = diff(view, next);
    view = next;
    if (changed.length === 0) continue;
    for (const row of changed) frames.push([101, row]);
    frames.push([101, 'cs', checksum(book)]);
  }
  return frames.slice(0, count);
}

/** The top 25 levels of each side, as `price → signed amount` (asks negative). */
function windowOf(book: Book): Map<number, number> {
  const view = new Map<number, number>();
  for (const [p, a] of book.top('bids', 25)) view.set(p, a);
  for (const [p, a] of book.top('asks', 25)) view.set(p, -a);
  return view;
}

/** P0 rows that turn one window into the next: `[price, 0, ±1]` removes a level. */
function diff(before: Map<number, number>, after: Map<number, number>): Array<[number, number, number]> {
  const rows: Array<[number, number, number]> = [];
  for (const [p, a] of before) if (!after.has(p)) rows.push([p, 0, a < 0 ? -1 : 1]);
  for (const [p, a] of after) if (before.get(p) !== a) rows.push([p, 1, a]);
  return rows;
}

/** Bitfinex's checksum of the top 25 levels, as ccxt computes it from the numbers it stored. */
function checksum(book: Book): number {
  const bids = book.top('bids', 25);
  const asks = book.top('asks', 25);
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(String(bid[0]), String(bid[1]));
    if (ask) parts.push(String(ask[0]), String(-ask[1]));
  }
  return crc32(parts.join(':')) | 0;
}

function poloniex(count: number): unknown[] {
  const { start, steps, t0 } = market(count - 1, 20);
  const text = ([p, a]: [number, number]) => [p.toFixed(1), a.toFixed(8)];
  let id = 164_148_726;
  const frames: unknown[] = [
    {
      channel: 'book_lv2',
      action: 'snapshot',
      data: [
        {
          symbol: 'BTC_USDT',
          createTime: t0,
          asks: start.top('asks', 20).map(text),
          bids: start.top('bids', 20).map(text),
          lastId: id - 1,
          id,
          ts: t0,
        },
      ],
    },
  ];
  for (const step of steps) {
    if (step.kind === 'trade') {
      frames.push({
        channel: 'trades',
        data: (step.trades ?? []).map((t) => ({
          symbol: 'BTC_USDT',
          amount: (t.price * t.amount).toFixed(2),
          quantity: t.amount.toFixed(8),
          takerSide: t.side,
          createTime: step.ts,
          price: t.price.toFixed(1),
          id: String(t.id),
          ts: step.ts + 3,
        })),
      });
      continue;
    }
    frames.push({
      channel: 'book_lv2',
      action: 'update',
      data: [
        {
          symbol: 'BTC_USDT',
          createTime: step.ts,
          asks: (step.asks ?? []).map(text),
          bids: (step.bids ?? []).map(text),
          lastId: id,
          id: id + 1,
          ts: step.ts,
        },
      ],
    });
    id += 1;
  }
  return frames;
}

function bithumb(count: number): unknown[] {
  const { start, steps } = market(count, 30);
  const book = start;
  const frames: unknown[] = [];
  for (const step of steps) {
    if (step.kind === 'trade') {
      for (const t of step.trades ?? []) {
        frames.push({
          type: 'trade',
          code: 'USDT-BTC',
          trade_price: t.price,
          trade_volume: t.amount,
          ask_bid: t.side === 'sell' ? 'ASK' : 'BID',
          trade_timestamp: step.ts,
          timestamp: step.ts + 3,
          sequential_id: t.id,
          stream_type: 'REALTIME',
        });
      }
      continue;
    }
    book.apply(step);
    const bids = book.top('bids', 30);
    const asks = book.top('asks', 30);
    frames.push({
      type: 'orderbook',
      code: 'USDT-BTC',
      timestamp: step.ts,
      orderbook_units: bids.map((bid, i) => ({
        ask_price: asks[i]?.[0],
        bid_price: bid[0],
        ask_size: asks[i]?.[1],
        bid_size: bid[1],
      })),
      stream_type: 'REALTIME',
      level: 0,
    });
  }
  return frames.slice(0, count);
}

const GENERATORS: Record<LiveBenchExchange, (count: number) => unknown[]> = {
  huobip: htx,
  bitfinex,
  poloniex,
  bithumb,
};

/** The frames of one exchange from its fixture file (written on first use). */
export function loadLiveFrames(file: string, exchange: LiveBenchExchange, count: number): string[] {
  if (!existsSync(file)) {
    writeFileSync(
      file,
      `${GENERATORS[exchange](count)
        .map((f) => JSON.stringify(f))
        .join('\n')}\n`,
    );
  }
  return readFileSync(file, 'utf8').trim().split('\n');
}
