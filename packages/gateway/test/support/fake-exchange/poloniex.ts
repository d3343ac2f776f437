/**
 * A fake Poloniex (spot API v3): the market list and 24-hour tickers (api.poloniex.com), the
 * (empty) perpetual instrument list ccxt also loads, and the public websocket (`/ws/public`) with
 * its `book_lv2` channel (a snapshot, then updates chained by `lastId` → `id`) and `trades`
 * channel, and `ping` → `pong`. Payload shapes follow api-docs.poloniex.com (spot: reference data,
 * market data; websocket: book level 2, trades).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json, LOST_REPLY, params, str } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

function market(symbol: string, priceScale: number, quantityScale: number, minQuantity: string) {
  const [base, quote] = symbol.split('_');
  return {
    symbol,
    baseCurrencyName: base,
    quoteCurrencyName: quote,
    displayName: `${base}/${quote}`,
    state: 'NORMAL',
    visibleStartTime: 1659018816626,
    tradableStartTime: 1659018816626,
    symbolTradeLimit: {
      symbol,
      priceScale,
      quantityScale,
      amountScale: 2,
      minQuantity,
      minAmount: '1',
      highestBid: '0',
      lowestAsk: '0',
    },
    crossMargin: { supportCrossMargin: false, maxLeverage: 1 },
  };
}

export const POLONIEX_MARKETS = [market('BTC_USDT', 2, 6, '0.000001'), market('ETH_USDT', 2, 4, '0.0001')];

export class FakePoloniex extends BaseDialect {
  readonly id = 'poloniex';
  readonly bookChannel = 'book_lv2';
  readonly tradeChannel = 'trades';

  // ---- market data pushed by the test ----

  setBook(symbol: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    this.book(symbol).set(bids, asks);
    for (const socket of this.subscribers('book_lv2', symbol)) this.sendSnapshot(socket, symbol);
  }

  updateBook(
    symbol: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options: { gap?: boolean } = {},
  ): number {
    const book = this.book(symbol);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    // A gap: the update with id `seq + 1` was lost, so this one says it follows `seq + 1`.
    const lastId = book.seq + (options.gap ? 1 : 0);
    book.seq = lastId + 1;
    const ms = this.ledger.nowMs;
    return this.broadcast('book_lv2', symbol, {
      channel: 'book_lv2',
      action: 'update',
      data: [
        {
          symbol,
          createTime: ms,
          asks: (change.asks ?? []).map(level),
          bids: (change.bids ?? []).map(level),
          lastId,
          id: book.seq,
          ts: ms,
        },
      ],
    });
  }

  trade(
    symbol: string,
    trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>,
  ): number {
    let receivers = 0;
    for (const t of trades) {
      this.lastPrices.set(symbol, t.price);
      const ms = t.ms ?? this.ledger.nowMs;
      receivers = this.broadcast('trades', symbol, {
        channel: 'trades',
        data: [
          {
            symbol,
            amount: str(t.price * t.amount),
            quantity: str(t.amount),
            takerSide: t.side,
            createTime: ms,
            price: str(t.price),
            id: this.ledger.newId(),
            ts: ms + 5,
          },
        ],
      });
    }
    return receivers;
  }

  // ---- websocket ----

  /** One delivery per socket even when a client subscribed again on the same connection. */
  protected override subscribers(channel: string, symbol: string): WebSocket[] {
    return [...new Set(super.subscribers(channel, symbol))];
  }

  protected onMessage(socket: WebSocket, text: string): void {
    const message = JSON.parse(text) as { event?: string; channel?: string[]; symbols?: string[] };
    if (message.event === 'ping') {
      this.send(socket, { event: 'pong' });
      return;
    }
    if (message.event !== 'subscribe') return;
    for (const channel of message.channel ?? []) {
      this.send(socket, { event: 'subscribe', channel, symbols: message.symbols ?? [] });
      for (const symbol of message.symbols ?? []) {
        if (channel === 'book_lv2') this.sendSnapshot(socket, symbol);
        this.addSubscription(socket, channel, symbol);
      }
    }
  }

  private sendSnapshot(socket: WebSocket, symbol: string): void {
    const book = this.book(symbol);
    book.seq += 1;
    const ms = this.ledger.nowMs;
    this.send(socket, {
      channel: 'book_lv2',
      action: 'snapshot',
      data: [
        {
          symbol,
          createTime: ms,
          asks: book.sorted('asks', 20).map(level),
          bids: book.sorted('bids', 20).map(level),
          lastId: book.seq - 1,
          id: book.seq,
          ts: ms,
        },
      ],
    });
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply | Promise<HttpReply> {
    const { method, path } = request;
    if (method === 'GET' && path === '/markets') return json(200, POLONIEX_MARKETS);
    if (method === 'GET' && path === '/v3/market/allInstruments')
      return json(200, { code: 200, msg: 'Success', data: [] });
    const ticker = /^\/markets\/([^/]+)\/ticker24h$/.exec(path);
    if (method === 'GET' && ticker) return this.ticker(decodeURIComponent(ticker[1] ?? ''));
    return this.privateHttp(request);
  }

  // ---- spot trading (the key comes in the `key` header) ----

  private privateHttp(request: HttpRequest): HttpReply {
    const { method, path } = request;
    const apiKey = String(request.headers.key ?? '');
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    const p = params(request);
    if (method === 'POST' && path === '/orders') return this.placeOrder(apiKey, p);
    if (method === 'GET' && path === '/orders') {
      return json(
        200,
        this.ordersOf(apiKey, p.symbol)
          .filter((o) => o.status === 'open')
          .reverse()
          .map(orderWire),
      );
    }
    if (method === 'GET' && path === '/trades') {
      return json(
        200,
        this.ledger.fills
          .filter((f) => f.apiKey === apiKey)
          .reverse()
          .map(fillWire),
      );
    }
    if (method === 'GET' && path === '/accounts/balances') return this.balances(apiKey);
    const one = /^\/orders\/([^/]+)$/.exec(path);
    if (one) {
      const order = this.resolve(apiKey, decodeURIComponent(one[1] ?? ''));
      if (method === 'GET') return this.getOrder(order);
      if (method === 'DELETE') return this.cancelOrder(order);
      if (method === 'PUT') return this.replaceOrder(apiKey, order, p);
    }
    return json(404, { code: 404, message: `no route ${method} ${path}` });
  }

  private placeOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected);
    const clientId = p.clientOrderId ?? '';
    if (clientId && this.ordersOf(apiKey).some((o) => o.clientId === clientId)) {
      return json(400, { code: 21312, message: 'Client orderId already exists' });
    }
    const placed = this.placeLimit(apiKey, p, clientId);
    if (typeof placed === 'string') return failure('no-money');
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return json(200, { id: placed.id, clientOrderId: placed.clientId });
  }

  /** Poloniex's cancel-replace: the order is cancelled and a new one placed, with a new id. */
  private replaceOrder(apiKey: string, order: FakeOrder | undefined, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('amend');
    if (injected) return failure(injected);
    if (order?.status !== 'open') return failure('not-exist');
    this.ledger.cancel(order.id);
    const placed = this.placeLimit(
      apiKey,
      {
        symbol: order.symbolId,
        side: order.side,
        price: p.price ?? str(order.price),
        quantity: p.quantity ?? str(order.amount),
      },
      p.clientOrderId ?? order.clientId,
    );
    if (typeof placed === 'string') return failure('no-money');
    return json(200, { id: placed.id, clientOrderId: placed.clientId });
  }

  private placeLimit(apiKey: string, p: Record<string, string>, clientId: string): FakeOrder | 'no-money' {
    const [base = '', quote = ''] = (p.symbol ?? '').split('_');
    return this.ledger.place({
      apiKey,
      clientId,
      symbolId: p.symbol ?? '',
      base: base.toLowerCase(),
      quote: quote.toLowerCase(),
      side: (p.side ?? '').toLowerCase() === 'sell' ? 'sell' : 'buy',
      price: Number(p.price),
      amount: Number(p.quantity),
    });
  }

  private cancelOrder(order: FakeOrder | undefined): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected);
    if (!order || !this.ledger.cancel(order.id)) return failure('not-exist');
    return json(200, {
      orderId: order.id,
      clientOrderId: order.clientId,
      state: 'PENDING_CANCEL',
      code: 200,
      message: '',
    });
  }

  private getOrder(order: FakeOrder | undefined): HttpReply {
    const injected = this.ledger.takeFailure('query');
    if (injected) return failure(injected);
    if (!order) return json(400, { code: 21301, message: 'Order not found' });
    return json(200, orderWire(order));
  }

  private balances(apiKey: string): HttpReply {
    const injected = this.ledger.takeFailure('balance');
    if (injected) return failure(injected);
    const balances = [...this.ledger.balances(apiKey)].map(([currency, b], i) => ({
      currencyId: String(200 + i),
      currency: currency.toUpperCase(),
      available: str(b.free),
      hold: str(b.used),
    }));
    return json(200, [{ accountId: '1', accountType: 'SPOT', balances }]);
  }

  /** An order id, or `cid:{clientOrderId}` (Poloniex takes either in the path). */
  private resolve(apiKey: string, id: string): FakeOrder | undefined {
    const mine = this.ordersOf(apiKey);
    if (id.startsWith('cid:')) return mine.filter((o) => o.clientId === id.slice(4)).at(-1);
    return mine.find((o) => o.id === id);
  }

  private ordersOf(apiKey: string, symbol?: string): FakeOrder[] {
    return [...this.ledger.orders.values()].filter(
      (o) => o.apiKey === apiKey && (!symbol || o.symbolId === symbol),
    );
  }

  private ticker(symbol: string): HttpReply {
    const last = str(this.lastPrices.get(symbol) ?? 0);
    const [bid] = this.book(symbol).sorted('bids', 1);
    const [ask] = this.book(symbol).sorted('asks', 1);
    const ms = this.ledger.nowMs;
    return json(200, {
      symbol,
      open: last,
      low: last,
      high: last,
      close: last,
      quantity: '0',
      amount: '0',
      tradeCount: 0,
      startTime: ms - 86_400_000,
      closeTime: ms,
      displayName: symbol.replace('_', '/'),
      dailyChange: '0',
      bid: bid ? str(bid[0]) : '0',
      bidQuantity: bid ? str(bid[1]) : '0',
      ask: ask ? str(ask[0]) : '0',
      askQuantity: ask ? str(ask[1]) : '0',
      ts: ms,
      markPrice: last,
    });
  }
}

function level([price, amount]: [number, number]): [string, string] {
  return [str(price), str(amount)];
}

/** Poloniex's answers for each failure a test can inject (HTTP status, then `{code, message}`). */
const FAILURES: Record<FakeFailure, [number, Record<string, unknown>]> = {
  // Poloniex's rate limit is a bare 429.
  'rate-limit': [429, { message: 'Too Many Requests' }],
  'invalid-key': [401, { code: 401, message: 'Invalid Apikey or Signature' }],
  'no-money': [400, { code: 21721, message: 'Insufficient balance' }],
  'min-notional': [400, { code: 21350, message: 'Amount must be greater than 1 USDT' }],
  'bad-amount': [400, { code: 21330, message: 'Quantity is less than minQuantity trade limit' }],
  'bad-price': [400, { code: 21335, message: 'Invalid priceScale for this symbol' }],
  'not-exist': [400, { code: 21359, message: 'Order was already canceled or filled.' }],
};

function failure(kind: FakeFailure): HttpReply {
  const [status, body] = FAILURES[kind];
  return json(status, body);
}

function stateOf(o: FakeOrder): string {
  if (o.status === 'open') return o.filled > 0 ? 'PARTIALLY_FILLED' : 'NEW';
  if (o.status === 'filled') return 'FILLED';
  return o.filled > 0 ? 'PARTIALLY_CANCELED' : 'CANCELED';
}

function orderWire(o: FakeOrder): Record<string, unknown> {
  return {
    id: o.id,
    clientOrderId: o.clientId,
    symbol: o.symbolId,
    state: stateOf(o),
    accountType: 'SPOT',
    side: o.side.toUpperCase(),
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: str(o.amount),
    price: str(o.price),
    avgPrice: o.filled > 0 ? str(o.cost / o.filled) : '0',
    amount: '0',
    filledQuantity: str(o.filled),
    filledAmount: str(o.cost),
    createTime: o.createdMs,
    updateTime: o.updatedMs,
  };
}

function fillWire(f: FakeFill): Record<string, unknown> {
  return {
    id: f.id,
    symbol: f.symbolId,
    accountType: 'SPOT',
    orderId: f.orderId,
    side: f.side.toUpperCase(),
    type: 'LIMIT',
    matchRole: f.maker ? 'MAKER' : 'TAKER',
    createTime: f.ms,
    price: str(f.price),
    quantity: str(f.amount),
    amount: str(f.price * f.amount),
    feeCurrency: f.feeCurrency.toUpperCase(),
    feeAmount: str(f.fee),
    pageId: f.id,
    clientOrderId: f.clientId,
  };
}
