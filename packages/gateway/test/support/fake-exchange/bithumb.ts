/**
 * A fake Bithumb (API 2.x): the market list and tickers (api.bithumb.com `/v1/market/all`,
 * `/v1/ticker`) and the public websocket (ws-api.bithumb.com `/websocket/v1`), where a request is
 * `[{ticket}, {type, codes}]` and every `orderbook` push is the whole top of the book (30 levels;
 * no sequence numbers, so nothing to lose), and each `trade` push is one trade. Payload shapes follow
 * apidocs.bithumb.com (v2.1: market codes, ticker, WebSocket orderbook and trade).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json } from './base-dialect.js';
import type { FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

export const BITHUMB_MARKETS = [
  { market: 'KRW-BTC', korean_name: '비트코인', english_name: 'Bitcoin', market_warning: 'NONE' },
  { market: 'KRW-ETH', korean_name: '이더리움', english_name: 'Ethereum', market_warning: 'NONE' },
  { market: 'KRW-XRP', korean_name: '리플', english_name: 'XRP', market_warning: 'NONE' },
  { market: 'BTC-ETH', korean_name: '이더리움', english_name: 'Ethereum', market_warning: 'NONE' },
];

/** Levels in each orderbook push. */
const DEPTH = 30;

export class FakeBithumb extends BaseDialect {
  readonly id = 'bithumb';
  readonly bookChannel = 'orderbook';
  readonly tradeChannel = 'trade';

  constructor() {
    super();
    this.lastPrices.set('KRW-ETH', 4_567_000);
    this.lastPrices.set('KRW-XRP', 3_456);
    this.lastPrices.set('BTC-ETH', 0.03456);
  }

  // ---- market data pushed by the test ----

  setBook(code: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    this.book(code).set(bids, asks);
    for (const socket of this.subscribers('orderbook', code)) this.sendBook(socket, code, 'REALTIME');
  }

  /** Every push is the whole book: a `gap` (a lost push) changes nothing on the wire. */
  updateBook(
    code: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
  ): number {
    const book = this.book(code);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    const targets = this.subscribers('orderbook', code);
    for (const socket of targets) this.sendBook(socket, code, 'REALTIME');
    return targets.length;
  }

  trade(code: string, trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>): number {
    let receivers = 0;
    for (const t of trades) {
      this.lastPrices.set(code, t.price);
      const ms = t.ms ?? this.ledger.nowMs;
      const iso = new Date(ms).toISOString();
      receivers = this.broadcast('trade', code, {
        type: 'trade',
        code,
        trade_price: t.price,
        trade_volume: t.amount,
        // The taker's side: ASK is a sell, BID a buy.
        ask_bid: t.side === 'sell' ? 'ASK' : 'BID',
        prev_closing_price: t.price,
        change: 'EVEN',
        change_price: 0,
        trade_date: iso.slice(0, 10),
        trade_time: iso.slice(11, 19),
        trade_timestamp: ms,
        timestamp: ms + 3,
        sequential_id: Number(this.ledger.newId()),
        stream_type: 'REALTIME',
      });
    }
    return receivers;
  }

  // ---- websocket ----

  protected onMessage(socket: WebSocket, text: string): void {
    if (text === 'PING') {
      socket.send('PONG');
      return;
    }
    const request = JSON.parse(text) as Array<{ ticket?: string; type?: string; codes?: string[] }>;
    if (!Array.isArray(request)) return;
    for (const part of request) {
      if (part.type !== 'orderbook' && part.type !== 'trade') continue;
      for (const code of part.codes ?? []) {
        if (part.type === 'orderbook') this.sendBook(socket, code, 'SNAPSHOT');
        this.addSubscription(socket, part.type, code);
      }
    }
  }

  private sendBook(socket: WebSocket, code: string, streamType: 'SNAPSHOT' | 'REALTIME'): void {
    const book = this.book(code);
    const bids = book.sorted('bids', DEPTH);
    const asks = book.sorted('asks', DEPTH);
    const units = [];
    for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
      units.push({
        ask_price: asks[i]?.[0],
        bid_price: bids[i]?.[0],
        ask_size: asks[i]?.[1],
        bid_size: bids[i]?.[1],
      });
    }
    this.send(socket, {
      type: 'orderbook',
      code,
      timestamp: this.ledger.nowMs,
      total_ask_size: asks.reduce((sum, [, a]) => sum + a, 0),
      total_bid_size: bids.reduce((sum, [, a]) => sum + a, 0),
      orderbook_units: units,
      stream_type: streamType,
      level: 0,
    });
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply | Promise<HttpReply> {
    const { method, path } = request;
    if (method === 'GET' && path === '/v1/market/all') return json(200, BITHUMB_MARKETS);
    if (method === 'GET' && path === '/v1/ticker') {
      const codes = (request.query.get('markets') ?? '').split(',').filter((c) => this.lastPrices.has(c));
      return json(
        200,
        codes.map((code) => this.ticker(code)),
      );
    }
    return this.privateHttp(request);
  }

  /** Trading endpoints; the market-data fake has none, so every other path is unknown. */
  protected privateHttp(request: HttpRequest): HttpReply | Promise<HttpReply> {
    return json(404, { error: { name: 'not_found', message: `no route ${request.method} ${request.path}` } });
  }

  private ticker(code: string): Record<string, unknown> {
    const last = this.lastPrices.get(code) ?? 0;
    const ms = this.ledger.nowMs;
    const iso = new Date(ms).toISOString();
    return {
      market: code,
      trade_date: iso.slice(0, 10).replaceAll('-', ''),
      trade_time: iso.slice(11, 19).replaceAll(':', ''),
      trade_timestamp: ms,
      opening_price: last,
      high_price: last,
      low_price: last,
      trade_price: last,
      prev_closing_price: last,
      change: 'EVEN',
      change_price: 0,
      change_rate: 0,
      signed_change_price: 0,
      signed_change_rate: 0,
      trade_volume: 0,
      acc_trade_price: 0,
      acc_trade_price_24h: 0,
      acc_trade_volume: 0,
      acc_trade_volume_24h: 0,
      highest_52_week_price: last,
      highest_52_week_date: '2026-01-01',
      lowest_52_week_price: last,
      lowest_52_week_date: '2026-01-01',
      timestamp: ms,
    };
  }
}
