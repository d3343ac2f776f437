/**
 * A fake HTX (formerly Huobi): spot symbols and tickers (api.huobi.pro), USDT- and coin-margined
 * perpetual contract info and tickers (api.hbdm.vn), and the websocket market data ccxt reads:
 * spot trades on `/ws`, the spot 150-level incremental book on `/feed` (deltas with
 * `seqNum`/`prevSeqNum`, the snapshot requested with `req`), and contract books on
 * `/linear-swap-ws` and `/swap-ws` (a `snapshot` event, then `update`s with a `version` each).
 * Every websocket frame is gzip-compressed binary, as HTX sends it. Payload shapes follow HTX's API
 * documentation (huobiapi.github.io/docs: spot v1, usdt_swap v1, coin_margined_swap v1).
 */
import { gzipSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import { BaseDialect, json, str } from './base-dialect.js';
import type { FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

export const HTX_SPOT_SYMBOLS = [
  {
    'base-currency': 'btc',
    'quote-currency': 'usdt',
    symbol: 'btcusdt',
    state: 'online',
    'price-precision': 2,
    'amount-precision': 6,
    'value-precision': 8,
    'min-order-amt': 0.0001,
    'max-order-amt': 1000,
    'min-order-value': 5,
    'leverage-ratio': 5,
    'symbol-partition': 'main',
  },
  {
    'base-currency': 'eth',
    'quote-currency': 'usdt',
    symbol: 'ethusdt',
    state: 'online',
    'price-precision': 2,
    'amount-precision': 4,
    'value-precision': 8,
    'min-order-amt': 0.001,
    'max-order-amt': 10000,
    'min-order-value': 5,
    'leverage-ratio': 5,
    'symbol-partition': 'main',
  },
];

const CONTRACT_DEFAULTS = {
  delivery_date: '',
  delivery_time: '',
  create_date: '20201021',
  contract_status: 1,
  settlement_date: '1764086400000',
  support_margin_mode: 'all',
};

export const HTX_LINEAR_SWAPS = [
  {
    ...CONTRACT_DEFAULTS,
    symbol: 'BTC',
    contract_code: 'BTC-USDT',
    contract_size: 0.001,
    price_tick: 0.1,
    business_type: 'swap',
    pair: 'BTC-USDT',
    contract_type: 'swap',
    trade_partition: 'USDT',
  },
  {
    ...CONTRACT_DEFAULTS,
    symbol: 'ETH',
    contract_code: 'ETH-USDT',
    contract_size: 0.01,
    price_tick: 0.01,
    business_type: 'swap',
    pair: 'ETH-USDT',
    contract_type: 'swap',
    trade_partition: 'USDT',
  },
];

export const HTX_INVERSE_SWAPS = [
  { ...CONTRACT_DEFAULTS, symbol: 'BTC', contract_code: 'BTC-USD', contract_size: 100, price_tick: 0.1 },
  { ...CONTRACT_DEFAULTS, symbol: 'ETH', contract_code: 'ETH-USD', contract_size: 10, price_tick: 0.01 },
];

/** One coin-margined delivery future: ccxt loads them with the inverse swaps and refuses an empty list. */
export const HTX_INVERSE_FUTURES = [
  {
    ...CONTRACT_DEFAULTS,
    symbol: 'BTC',
    contract_code: 'BTC261225',
    contract_type: 'quarter',
    contract_size: 100,
    price_tick: 0.01,
    delivery_date: '20261225',
    delivery_time: '1798185600000',
  },
];

export class FakeHtx extends BaseDialect {
  readonly id = 'htx';
  /** The test drives one market kind per instance: its book and trade topics follow the market id. */
  readonly bookChannel = 'book';
  readonly tradeChannel = 'trade';

  // ---- market data pushed by the test ----

  setBook(marketId: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    this.book(marketId).set(bids, asks);
    for (const socket of this.subscribers('book', marketId)) this.sendContractSnapshot(socket, marketId);
  }

  updateBook(
    marketId: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options: { gap?: boolean } = {},
  ): number {
    const book = this.book(marketId);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    const previous = book.seq + (options.gap ? 1 : 0);
    book.seq = previous + 1;
    const ms = this.ledger.nowMs;
    const bids = (change.bids ?? []).map(level);
    const asks = (change.asks ?? []).map(level);
    if (isSpot(marketId)) {
      return this.broadcast('book', marketId, {
        ch: `market.${marketId}.mbp.150`,
        ts: ms,
        tick: { seqNum: book.seq, prevSeqNum: previous, bids, asks },
      });
    }
    const ch = `market.${marketId}.depth.size_150.high_freq`;
    return this.broadcast('book', marketId, {
      ch,
      ts: ms,
      tick: { ch, event: 'update', id: book.seq, mrid: book.seq, ts: ms, version: book.seq, bids, asks },
    });
  }

  trade(
    marketId: string,
    trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>,
  ): number {
    const ms = trades[0]?.ms ?? this.ledger.nowMs;
    const last = trades.at(-1);
    if (last) this.lastPrices.set(marketId, last.price);
    return this.broadcast('trade', marketId, {
      ch: `market.${marketId}.trade.detail`,
      ts: ms,
      tick: {
        id: Number(this.ledger.newId()),
        ts: ms,
        data: trades.map((t) => ({
          id: Number(this.ledger.newId()),
          tradeId: Number(this.ledger.newId()),
          ts: t.ms ?? ms,
          amount: t.amount,
          price: t.price,
          direction: t.side,
        })),
      },
    });
  }

  // ---- websocket: gzip frames ----

  protected override send(socket: WebSocket, message: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(gzipSync(JSON.stringify(message)), { binary: true });
  }

  /** One delivery per socket even when a client subscribed again on the same connection. */
  protected override subscribers(channel: string, marketId: string): WebSocket[] {
    return [...new Set(super.subscribers(channel, marketId))];
  }

  protected onMessage(socket: WebSocket, text: string): void {
    const message = JSON.parse(text) as { sub?: string; req?: string; id?: string; pong?: number };
    const ts = this.ledger.nowMs;
    if (message.sub) {
      const [, marketId = '', kind = ''] = message.sub.split('.');
      const channel = kind === 'trade' ? 'trade' : 'book';
      this.send(socket, { id: message.id, status: 'ok', subbed: message.sub, ts });
      if (channel === 'book' && isSpot(marketId)) {
        // HTX streams deltas at once; ccxt asks for the snapshot after the first one (below).
        const book = this.book(marketId);
        book.seq += 1;
        this.send(socket, {
          ch: message.sub,
          ts,
          tick: { seqNum: book.seq, prevSeqNum: book.seq - 1, bids: [], asks: [] },
        });
      } else if (channel === 'book') {
        this.sendContractSnapshot(socket, marketId);
      }
      this.addSubscription(socket, channel, marketId);
      return;
    }
    if (message.req) {
      const marketId = message.req.split('.')[1] ?? '';
      const book = this.book(marketId);
      this.send(socket, {
        id: message.id,
        rep: message.req,
        status: 'ok',
        ts,
        data: { seqNum: book.seq, bids: book.sorted('bids', 150), asks: book.sorted('asks', 150) },
      });
    }
  }

  private sendContractSnapshot(socket: WebSocket, marketId: string): void {
    const book = this.book(marketId);
    book.seq += 1;
    const ch = `market.${marketId}.depth.size_150.high_freq`;
    const ms = this.ledger.nowMs;
    this.send(socket, {
      ch,
      ts: ms,
      tick: {
        ch,
        event: 'snapshot',
        id: book.seq,
        mrid: book.seq,
        ts: ms,
        version: book.seq,
        bids: book.sorted('bids', 150),
        asks: book.sorted('asks', 150),
      },
    });
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply | Promise<HttpReply> {
    const { method, path } = request;
    const ts = this.ledger.nowMs;
    if (method === 'GET' && path === '/v1/common/symbols')
      return json(200, { status: 'ok', data: HTX_SPOT_SYMBOLS });
    if (method === 'GET' && path === '/linear-swap-api/v1/swap_contract_info') {
      return json(200, { status: 'ok', data: HTX_LINEAR_SWAPS, ts });
    }
    if (method === 'GET' && path === '/swap-api/v1/swap_contract_info') {
      return json(200, { status: 'ok', data: HTX_INVERSE_SWAPS, ts });
    }
    if (method === 'GET' && path === '/api/v1/contract_contract_info') {
      return json(200, { status: 'ok', data: HTX_INVERSE_FUTURES, ts });
    }
    if (method === 'GET' && path === '/market/detail/merged')
      return this.ticker(request.query.get('symbol') ?? '');
    if (
      method === 'GET' &&
      (path === '/linear-swap-ex/market/detail/merged' || path === '/swap-ex/market/detail/merged')
    ) {
      return this.ticker(request.query.get('contract_code') ?? '');
    }
    return this.privateHttp(request);
  }

  /** Trading endpoints; the market-data fake has none, so every other path is unknown. */
  protected privateHttp(request: HttpRequest): HttpReply | Promise<HttpReply> {
    return json(404, {
      status: 'error',
      'err-code': 'invalid-path',
      'err-msg': `no route ${request.method} ${request.path}`,
    });
  }

  private ticker(marketId: string): HttpReply {
    const last = this.lastPrices.get(marketId);
    const [bid] = this.book(marketId).sorted('bids', 1);
    const [ask] = this.book(marketId).sorted('asks', 1);
    const ms = this.ledger.nowMs;
    return json(200, {
      status: 'ok',
      ch: `market.${marketId}.detail.merged`,
      ts: ms,
      tick: {
        id: ms,
        version: ms,
        open: last,
        close: last,
        high: last,
        low: last,
        amount: 0,
        vol: 0,
        count: 0,
        bid: bid ?? [],
        ask: ask ?? [],
      },
    });
  }
}

/** Spot market ids are lower case (`btcusdt`); contract codes are upper case (`BTC-USDT`). */
function isSpot(marketId: string): boolean {
  return marketId === marketId.toLowerCase();
}

function level([price, amount]: [number, number]): [number, number] {
  return [Number(str(price)), Number(str(amount))];
}
