/**
 * A fake Bithumb (API 2.x): the market list and tickers (api.bithumb.com `/v1/market/all`,
 * `/v1/ticker`) and the public websocket (ws-api.bithumb.com `/websocket/v1`), where a request is
 * `[{ticket}, {type, codes}]` and every `orderbook` push is the whole top of the book (30 levels;
 * no sequence numbers, so nothing to lose), and each `trade` push is one trade. Payload shapes follow
 * apidocs.bithumb.com (v2.1: market codes, ticker, WebSocket orderbook and trade).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json, LOST_REPLY, params } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

export const BITHUMB_MARKETS = [
  { market: 'KRW-BTC', korean_name: '비트코인', english_name: 'Bitcoin', market_warning: 'NONE' },
  { market: 'KRW-ETH', korean_name: '이더리움', english_name: 'Ethereum', market_warning: 'NONE' },
  { market: 'KRW-XRP', korean_name: '리플', english_name: 'XRP', market_warning: 'NONE' },
  { market: 'BTC-ETH', korean_name: '이더리움', english_name: 'Ethereum', market_warning: 'NONE' },
  { market: 'USDT-BTC', korean_name: '비트코인', english_name: 'Bitcoin', market_warning: 'NONE' },
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
    this.lastPrices.set('USDT-BTC', 43210);
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

  // ---- trading (the key is the `access_key` of the JWT in `Authorization`) ----

  private privateHttp(request: HttpRequest): HttpReply {
    const { method, path } = request;
    const apiKey = accessKeyOf(String(request.headers.authorization ?? ''));
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    const p = params(request);
    if (method === 'POST' && path === '/v2/orders') return this.placeOrder(apiKey, p);
    if (method === 'DELETE' && path === '/v2/order') return this.cancelOrder(apiKey, p.order_id ?? '');
    if (method === 'GET' && path === '/v1/order') {
      const order = p.client_order_id
        ? this.byClientId(apiKey, p.client_order_id)
        : this.mine(apiKey, p.uuid ?? '');
      const injected = this.ledger.takeFailure('query');
      if (injected) return failure(injected);
      return order ? json(200, orderWire(order, this.ledger.fills)) : failure('not-exist');
    }
    if (method === 'GET' && path === '/v1/orders') {
      const orders = this.ordersOf(apiKey).filter(
        (o) => (!p.market || o.symbolId === p.market) && (!p.state || stateOf(o) === p.state),
      );
      return json(
        200,
        orders.reverse().map((o) => orderWire(o)),
      );
    }
    if (method === 'GET' && path === '/v1/accounts') {
      const injected = this.ledger.takeFailure('balance');
      if (injected) return failure(injected);
      return json(
        200,
        [...this.ledger.balances(apiKey)].map(([currency, b]) => ({
          currency: currency.toUpperCase(),
          balance: String(b.free),
          locked: String(b.used),
          avg_buy_price: '0',
          avg_buy_price_modified: false,
          unit_currency: 'KRW',
        })),
      );
    }
    return json(404, { error: { name: 'not_found', message: `no route ${method} ${path}` } });
  }

  private placeOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected);
    const clientId = p.client_order_id ?? '';
    // Bithumb refuses a client order id that an open order still carries.
    if (clientId && this.ordersOf(apiKey).some((o) => o.clientId === clientId && o.status === 'open')) {
      return json(400, {
        error: { name: 'duplicate_client_order_id', message: 'client_order_id already in use' },
      });
    }
    const [quote = '', base = ''] = (p.market ?? '').split('-');
    const placed = this.ledger.place({
      apiKey,
      clientId,
      symbolId: p.market ?? '',
      base: base.toLowerCase(),
      quote: quote.toLowerCase(),
      side: p.side === 'ask' ? 'sell' : 'buy',
      price: Number(p.price),
      amount: Number(p.volume),
    });
    if (placed === 'no-money') return failure('no-money');
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return json(201, { order_id: placed.id, market: placed.symbolId, created_at: kst(placed.createdMs) });
  }

  private cancelOrder(apiKey: string, id: string): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected);
    const order = this.mine(apiKey, id);
    if (!order || !this.ledger.cancel(order.id)) return failure('not-exist');
    return json(200, { order_id: order.id, created_at: kst(order.createdMs) });
  }

  private mine(apiKey: string, id: string): FakeOrder | undefined {
    const order = this.ledger.orders.get(id);
    return order?.apiKey === apiKey ? order : undefined;
  }

  private byClientId(apiKey: string, clientId: string): FakeOrder | undefined {
    return this.ordersOf(apiKey)
      .filter((o) => o.clientId === clientId)
      .at(-1);
  }

  private ordersOf(apiKey: string): FakeOrder[] {
    return [...this.ledger.orders.values()].filter((o) => o.apiKey === apiKey);
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

/** The `access_key` claim of a `Bearer` JWT (the fake trusts the signature). */
function accessKeyOf(authorization: string): string {
  const payload = authorization.replace(/^Bearer /, '').split('.')[1] ?? '';
  try {
    return String(
      (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { access_key?: unknown })
        .access_key ?? '',
    );
  } catch {
    return '';
  }
}

/** Bithumb's error names for each failure a test can inject. */
const FAILURES: Record<FakeFailure, [number, string, string]> = {
  'rate-limit': [429, '', 'Too many API requests.'],
  'invalid-key': [401, 'invalid_access_key', '잘못된 엑세스 키입니다.'],
  'no-money': [400, 'insufficient_funds_bid', '주문가능한 금액(USDT)이 부족합니다.'],
  'min-notional': [400, 'under_min_total_bid', '최소주문금액 이하 주문입니다.'],
  'bad-amount': [400, 'invalid_volume', '주문 수량 단위를 잘못 입력하셨습니다.'],
  'bad-price': [400, 'invalid_price', '주문 가격 단위를 잘못 입력하셨습니다.'],
  'not-exist': [404, 'order_not_found', '주문을 찾지 못했습니다.'],
};

function failure(kind: FakeFailure): HttpReply {
  const [status, name, message] = FAILURES[kind];
  // The rate limit comes from the gateway in front of the API, as plain text.
  if (!name) return { status, body: message };
  return json(status, { error: { name, message } });
}

/** Bithumb's times: ISO 8601 in Korea Standard Time. */
function kst(ms: number): string {
  return `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}

function stateOf(o: FakeOrder): 'wait' | 'done' | 'cancel' {
  return o.status === 'open' ? 'wait' : o.status === 'filled' ? 'done' : 'cancel';
}

/** An order as the list gives it, or with its `trades` (no ids, no maker/taker) as the detail does. */
function orderWire(o: FakeOrder, fills?: readonly FakeFill[]): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    uuid: o.id,
    side: o.side === 'sell' ? 'ask' : 'bid',
    ord_type: 'limit',
    price: String(o.price),
    state: stateOf(o),
    market: o.symbolId,
    created_at: kst(o.createdMs),
    volume: String(o.amount),
    remaining_volume: String(Number((o.amount - o.filled).toPrecision(12))),
    reserved_fee: '0',
    remaining_fee: '0',
    paid_fee: String(o.fee),
    locked: '0',
    executed_volume: String(o.filled),
    trades_count: fills ? fills.filter((f) => f.orderId === o.id).length : 0,
    client_order_id: o.clientId || undefined,
  };
  if (fills) {
    wire.trades = fills
      .filter((f) => f.orderId === o.id)
      .map((f) => ({
        market: f.symbolId,
        price: String(f.price),
        volume: String(f.amount),
        funds: String(f.price * f.amount),
        side: f.side === 'sell' ? 'ask' : 'bid',
        created_at: kst(f.ms),
      }));
  }
  return wire;
}
