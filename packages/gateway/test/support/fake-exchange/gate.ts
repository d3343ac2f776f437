/**
 * A fake Gate (API v4): spot currency pairs and tickers, the `spot.obu` (order book v2) and
 * `spot.trades` websocket channels, and the spot trade endpoints ccxt calls. Payload shapes follow
 * Gate's v4 API documentation (www.gate.io/docs/developers/apiv4).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json, LOST_REPLY, params, str } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

export const GATE_PAIRS = [
  {
    id: 'BTC_USDT',
    base: 'BTC',
    quote: 'USDT',
    fee: '0.2',
    min_base_amount: '0.00001',
    min_quote_amount: '3',
    amount_precision: 6,
    precision: 1,
    trade_status: 'tradable',
    sell_start: 1516406400,
    buy_start: 1516406400,
  },
  {
    id: 'ETH_USDT',
    base: 'ETH',
    quote: 'USDT',
    fee: '0.2',
    min_base_amount: '0.0001',
    min_quote_amount: '3',
    amount_precision: 4,
    precision: 2,
    trade_status: 'tradable',
    sell_start: 1516406400,
    buy_start: 1516406400,
  },
];

/** Gate's labels (and HTTP statuses) for each failure a test can inject. */
const FAILURES: Record<FakeFailure, { label: string; message: string; http: number }> = {
  'rate-limit': { label: 'TOO_MANY_REQUESTS', message: 'Request Rate limit Exceeded', http: 429 },
  'invalid-key': { label: 'INVALID_KEY', message: 'Invalid key provided', http: 401 },
  'no-money': { label: 'BALANCE_NOT_ENOUGH', message: 'Not enough balance', http: 400 },
  'min-notional': {
    label: 'INVALID_PARAM_VALUE',
    message: 'Your order size 0.5 USDT is too small. The minimum is 3 USDT',
    http: 400,
  },
  'bad-amount': { label: 'AMOUNT_TOO_LITTLE', message: 'Order amount too little', http: 400 },
  'bad-price': { label: 'INVALID_PRECISION', message: 'Invalid precision', http: 400 },
  'not-exist': { label: 'ORDER_NOT_FOUND', message: 'Order not found', http: 404 },
};

export class FakeGate extends BaseDialect {
  readonly id = 'gate';
  readonly bookChannel = 'spot.obu';
  readonly tradeChannel = 'spot.trades';

  // ---- market data pushed by the test ----

  setBook(pair: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    this.book(pair).set(bids, asks);
    for (const socket of this.subscribers('spot.obu', pair)) this.sendSnapshot(socket, pair);
  }

  updateBook(
    pair: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options: { gap?: boolean } = {},
  ): number {
    const book = this.book(pair);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    const first = book.seq + (options.gap ? 2 : 1);
    book.seq = first;
    return this.broadcast('spot.obu', pair, {
      channel: 'spot.obu',
      event: 'update',
      time_ms: this.ledger.nowMs,
      result: {
        t: this.ledger.nowMs,
        s: `ob.${pair}.50`,
        U: first,
        u: book.seq,
        b: (change.bids ?? []).map(level),
        a: (change.asks ?? []).map(level),
      },
    });
  }

  trade(pair: string, trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>): number {
    let receivers = 0;
    for (const t of trades) {
      this.lastPrices.set(pair, t.price);
      const ms = t.ms ?? this.ledger.nowMs;
      receivers = this.broadcast('spot.trades', pair, {
        time: Math.floor(ms / 1000),
        time_ms: ms,
        channel: 'spot.trades',
        event: 'update',
        result: {
          id: Number(this.ledger.newId()),
          create_time: Math.floor(ms / 1000),
          create_time_ms: `${ms}.0`,
          side: t.side,
          currency_pair: pair,
          amount: str(t.amount),
          price: str(t.price),
        },
      });
    }
    return receivers;
  }

  private sendSnapshot(socket: WebSocket, pair: string): void {
    const book = this.book(pair);
    book.seq += 1;
    this.send(socket, {
      channel: 'spot.obu',
      event: 'update',
      time_ms: this.ledger.nowMs,
      result: {
        t: this.ledger.nowMs,
        full: true,
        s: `ob.${pair}.50`,
        u: book.seq,
        b: book.sorted('bids', 50).map(level),
        a: book.sorted('asks', 50).map(level),
      },
    });
  }

  // ---- websocket ----

  protected onMessage(socket: WebSocket, text: string): void {
    const message = JSON.parse(text) as { id?: number; channel: string; event?: string; payload?: string[] };
    const time = Math.floor(this.ledger.nowMs / 1000);
    if (message.channel === 'spot.ping') {
      this.send(socket, { time, channel: 'spot.pong', event: '', result: null });
      return;
    }
    if (message.event !== 'subscribe') return;
    this.send(socket, {
      time,
      time_ms: this.ledger.nowMs,
      id: message.id,
      channel: message.channel,
      event: 'subscribe',
      result: { status: 'success' },
    });
    for (const item of message.payload ?? []) {
      // `spot.obu` payloads are `ob.{pair}.{depth}`; `spot.trades` payloads are pairs.
      const pair = message.channel === 'spot.obu' ? (item.split('.')[1] ?? '') : item;
      if (message.channel === 'spot.obu') this.sendSnapshot(socket, pair);
      this.addSubscription(socket, message.channel, pair);
    }
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply {
    const { method } = request;
    const path = request.path.replace(/^\/api\/v4/, '');
    if (method === 'GET' && path === '/spot/currency_pairs') return json(200, GATE_PAIRS);
    if (method === 'GET' && path === '/margin/currency_pairs') return json(200, []);
    if (method === 'GET' && path === '/spot/tickers') return this.tickers(request.query.get('currency_pair'));
    if (!path.startsWith('/spot/') && !path.startsWith('/account/')) {
      return json(404, { label: 'NOT_FOUND', message: `no route ${method} ${path}` });
    }
    const apiKey = String(request.headers.key ?? '');
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    const p = params(request);
    const orderPath = /^\/spot\/orders\/([^/]+)$/.exec(path);
    if (method === 'POST' && path === '/spot/orders') return this.placeOrder(apiKey, p);
    if (method === 'GET' && path === '/spot/orders') {
      return json(200, this.ordersOf(apiKey, p.currency_pair, p.status).map(orderWire));
    }
    if (method === 'GET' && path === '/spot/open_orders') return this.openOrders(apiKey);
    if (method === 'GET' && path === '/spot/my_trades') {
      return json(
        200,
        this.ledger.fills
          .filter((f) => f.apiKey === apiKey && (!p.currency_pair || f.symbolId === p.currency_pair))
          .reverse()
          .map(fillWire),
      );
    }
    if (method === 'GET' && path === '/spot/accounts') return this.accounts(apiKey);
    if (orderPath) {
      const id = decodeURIComponent(orderPath[1] ?? '');
      if (method === 'GET') return this.getOrder(apiKey, id);
      if (method === 'DELETE') return this.cancelOrder(id);
      if (method === 'PATCH') return this.amendOrder(id, p);
    }
    return json(404, { label: 'NOT_FOUND', message: `no route ${method} ${path}` });
  }

  private tickers(pair: string | null): HttpReply {
    const pairs = pair ? [pair] : GATE_PAIRS.map((p) => p.id);
    return json(
      200,
      pairs.map((id) => {
        const last = this.lastPrices.get(id);
        const [bid] = this.book(id).sorted('bids', 1);
        const [ask] = this.book(id).sorted('asks', 1);
        return {
          currency_pair: id,
          last: last === undefined ? '' : str(last),
          lowest_ask: ask ? str(ask[0]) : '',
          highest_bid: bid ? str(bid[0]) : '',
          change_percentage: '0',
          base_volume: '0',
          quote_volume: '0',
          high_24h: '',
          low_24h: '',
        };
      }),
    );
  }

  private placeOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected);
    const [base, quote] = (p.currency_pair ?? '').split('_');
    const placed = this.ledger.place({
      apiKey,
      clientId: p.text ?? '',
      symbolId: p.currency_pair ?? '',
      base: (base ?? '').toLowerCase(),
      quote: (quote ?? '').toLowerCase(),
      side: p.side as FakeSide,
      price: Number(p.price),
      amount: Number(p.amount),
    });
    if (placed === 'no-money') return failure('no-money');
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return json(201, orderWire(placed));
  }

  private cancelOrder(id: string): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected);
    const order = this.ledger.cancel(this.resolveId(id));
    if (!order) return failure('not-exist');
    return json(200, orderWire(order));
  }

  private amendOrder(id: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('amend');
    if (injected) return failure(injected);
    const order = this.ledger.amend(
      this.resolveId(id),
      p.price === undefined ? undefined : Number(p.price),
      p.amount === undefined ? undefined : Number(p.amount),
    );
    if (!order) return failure('not-exist');
    return json(200, orderWire(order));
  }

  private getOrder(apiKey: string, id: string): HttpReply {
    const injected = this.ledger.takeFailure('query');
    if (injected) return failure(injected);
    const order = this.ledger.orders.get(this.resolveId(id));
    if (!order || order.apiKey !== apiKey) return failure('not-exist');
    return json(200, orderWire(order));
  }

  private openOrders(apiKey: string): HttpReply {
    const open = this.ordersOf(apiKey, undefined, 'open');
    const pairs = [...new Set(open.map((o) => o.symbolId))];
    return json(
      200,
      pairs.map((pair) => {
        const orders = open.filter((o) => o.symbolId === pair);
        return { currency_pair: pair, total: orders.length, orders: orders.map(orderWire) };
      }),
    );
  }

  private accounts(apiKey: string): HttpReply {
    const injected = this.ledger.takeFailure('balance');
    if (injected) return failure(injected);
    return json(
      200,
      [...this.ledger.balances(apiKey)].map(([currency, b]) => ({
        currency: currency.toUpperCase(),
        available: str(b.free),
        locked: str(b.used),
      })),
    );
  }

  /** Gate accepts the order id or the user's `t-...` text in the path. */
  private resolveId(id: string): string {
    if (!id.startsWith('t-')) return id;
    return [...this.ledger.orders.values()].find((o) => o.clientId === id)?.id ?? id;
  }

  private ordersOf(apiKey: string, pair?: string, status?: string): FakeOrder[] {
    return [...this.ledger.orders.values()].filter(
      (o) =>
        o.apiKey === apiKey &&
        (!pair || o.symbolId === pair) &&
        (!status || (status === 'open' ? o.status === 'open' : o.status !== 'open')),
    );
  }
}

function level([price, amount]: [number, number]): string[] {
  return [str(price), str(amount)];
}

function failure(kind: FakeFailure): HttpReply {
  const f = FAILURES[kind];
  return json(f.http, { label: f.label, message: f.message });
}

function orderWire(o: FakeOrder): Record<string, unknown> {
  return {
    id: o.id,
    text: o.clientId || 'apiv4',
    amend_text: '-',
    create_time: String(Math.floor(o.createdMs / 1000)),
    update_time: String(Math.floor(o.updatedMs / 1000)),
    create_time_ms: o.createdMs,
    update_time_ms: o.updatedMs,
    status: o.status === 'open' ? 'open' : o.status === 'filled' ? 'closed' : 'cancelled',
    currency_pair: o.symbolId,
    type: 'limit',
    account: 'spot',
    side: o.side,
    amount: str(o.amount),
    price: str(o.price),
    time_in_force: 'gtc',
    iceberg: '0',
    left: str(o.amount - o.filled),
    filled_amount: str(o.filled),
    fill_price: str(o.cost),
    filled_total: str(o.cost),
    avg_deal_price: o.filled > 0 ? str(o.cost / o.filled) : '0',
    fee: str(o.fee),
    fee_currency: (o.side === 'buy' ? o.base : o.quote).toUpperCase(),
    point_fee: '0',
    gt_fee: '0',
    gt_discount: false,
    rebated_fee: '0',
    rebated_fee_currency: o.quote.toUpperCase(),
    finish_as: o.status === 'open' ? 'open' : o.status === 'filled' ? 'filled' : 'cancelled',
  };
}

function fillWire(f: FakeFill): Record<string, unknown> {
  return {
    id: f.id,
    create_time: String(Math.floor(f.ms / 1000)),
    create_time_ms: `${f.ms}.000`,
    currency_pair: f.symbolId,
    side: f.side,
    role: f.maker ? 'maker' : 'taker',
    amount: str(f.amount),
    price: str(f.price),
    order_id: f.orderId,
    fee: str(f.fee),
    fee_currency: f.feeCurrency.toUpperCase(),
    point_fee: '0',
    gt_fee: '0',
    text: f.clientId,
  };
}
