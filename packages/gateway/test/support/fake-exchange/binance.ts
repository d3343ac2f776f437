/**
 * A fake Binance spot API: exchangeInfo, depth and 24 h tickers, the `<symbol>@depth@100ms` and
 * `<symbol>@trade` raw streams, and the signed order endpoints ccxt calls (order, cancelReplace,
 * openOrders, myTrades, account). Payload shapes follow Binance's spot API documentation
 * (developers.binance.com/docs/binance-spot-api-docs).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json, LOST_REPLY, params, str } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

function symbolInfo(symbol: string, base: string, quote: string, tick: string, step: string, minQty: string) {
  return {
    symbol,
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '1000000.00000000', tickSize: tick },
      { filterType: 'LOT_SIZE', minQty, maxQty: '9000.00000000', stepSize: step },
      {
        filterType: 'NOTIONAL',
        minNotional: '5.00000000',
        applyMinToMarket: true,
        maxNotional: '9000000.00000000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

export const BINANCE_EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: Date.UTC(2026, 10, 25, 12),
  rateLimits: [],
  exchangeFilters: [],
  symbols: [
    symbolInfo('BTCUSDT', 'BTC', 'USDT', '0.01000000', '0.00001000', '0.00001000'),
    symbolInfo('ETHUSDT', 'ETH', 'USDT', '0.01000000', '0.00010000', '0.00010000'),
  ],
};

/** Binance's codes (and HTTP statuses) for each failure a test can inject. */
const FAILURES: Record<FakeFailure, { code: number; msg: string; http: number }> = {
  'rate-limit': {
    code: -1003,
    msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.',
    http: 429,
  },
  'invalid-key': { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.', http: 401 },
  'no-money': { code: -2010, msg: 'Account has insufficient balance for requested action.', http: 400 },
  'min-notional': { code: -1013, msg: 'Filter failure: NOTIONAL', http: 400 },
  'bad-amount': { code: -1013, msg: 'Filter failure: LOT_SIZE', http: 400 },
  'bad-price': { code: -1013, msg: 'Filter failure: PRICE_FILTER', http: 400 },
  'not-exist': { code: -2011, msg: 'Unknown order sent.', http: 400 },
};

export class FakeBinance extends BaseDialect {
  readonly id = 'binance';
  readonly bookChannel = 'depth';
  readonly tradeChannel = 'trade';

  // ---- market data pushed by the test ----

  setBook(symbol: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    // Binance has no pushed snapshot: clients read `/api/v3/depth`; the stream carries the diff.
    const book = this.book(symbol);
    const before = { bids: new Map(book.bids), asks: new Map(book.asks) };
    book.set(bids, asks);
    const change = (side: 'bids' | 'asks'): Array<[number, number]> => [
      ...[...before[side].keys()].filter((p) => !book[side].has(p)).map((p): [number, number] => [p, 0]),
      ...book.sorted(side),
    ];
    this.sendDiff(symbol, change('bids'), change('asks'), false);
  }

  updateBook(
    symbol: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options: { gap?: boolean } = {},
  ): number {
    const book = this.book(symbol);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    return this.sendDiff(symbol, change.bids ?? [], change.asks ?? [], options.gap ?? false);
  }

  trade(
    symbol: string,
    trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>,
  ): number {
    let receivers = 0;
    for (const t of trades) {
      this.lastPrices.set(symbol, t.price);
      const ms = t.ms ?? this.ledger.nowMs;
      receivers = this.broadcast('trade', symbol, {
        e: 'trade',
        E: ms,
        s: symbol,
        t: Number(this.ledger.newId()),
        p: str(t.price),
        q: str(t.amount),
        T: ms,
        // `m`: the buyer was the maker, so the taker sold.
        m: t.side === 'sell',
        M: true,
      });
    }
    return receivers;
  }

  private sendDiff(
    symbol: string,
    bids: Array<[number, number]>,
    asks: Array<[number, number]>,
    gap: boolean,
  ): number {
    const book = this.book(symbol);
    const first = book.seq + (gap ? 2 : 1);
    book.seq = first;
    return this.broadcast('depth', symbol, {
      e: 'depthUpdate',
      E: this.ledger.nowMs,
      s: symbol,
      U: first,
      u: book.seq,
      b: bids.map(level),
      a: asks.map(level),
    });
  }

  // ---- websocket ----

  protected onMessage(socket: WebSocket, text: string): void {
    const message = JSON.parse(text) as { method?: string; params?: string[]; id?: number };
    if (message.method !== 'SUBSCRIBE') return;
    this.send(socket, { result: null, id: message.id });
    for (const stream of message.params ?? []) {
      // `btcusdt@depth@100ms`, `btcusdt@trade`
      const [lower, channel] = stream.split('@');
      this.addSubscription(socket, channel ?? '', (lower ?? '').toUpperCase());
    }
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply {
    const { method, path } = request;
    const p = params(request);
    if (path === '/api/v3/exchangeInfo') return json(200, BINANCE_EXCHANGE_INFO);
    if (path === '/api/v3/time') return json(200, { serverTime: this.ledger.nowMs });
    if (path === '/api/v3/depth') {
      const book = this.book(p.symbol ?? '');
      return json(200, {
        lastUpdateId: book.seq,
        bids: book.sorted('bids', Number(p.limit ?? 100)).map(level),
        asks: book.sorted('asks', Number(p.limit ?? 100)).map(level),
      });
    }
    if (path === '/api/v3/ticker/24hr') return this.ticker(p.symbol ?? '');
    if (!path.startsWith('/api/v3/')) return json(404, { code: -1, msg: `no route ${method} ${path}` });
    const apiKey = String(request.headers['x-mbx-apikey'] ?? '');
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    switch (`${method} ${path}`) {
      case 'POST /api/v3/order':
        return this.placeOrder(apiKey, p);
      case 'DELETE /api/v3/order':
        return this.cancelOrder(apiKey, p);
      case 'GET /api/v3/order':
        return this.getOrder(apiKey, p);
      case 'POST /api/v3/order/cancelReplace':
        return this.cancelReplace(apiKey, p);
      case 'GET /api/v3/openOrders':
        return json(
          200,
          this.ordersOf(apiKey, p.symbol)
            .filter((o) => o.status === 'open')
            .map(orderWire),
        );
      case 'GET /api/v3/allOrders':
        return json(200, this.ordersOf(apiKey, p.symbol).map(orderWire));
      case 'GET /api/v3/myTrades':
        return json(
          200,
          this.ledger.fills
            .filter((f) => f.apiKey === apiKey && (!p.symbol || f.symbolId === p.symbol))
            .map(fillWire),
        );
      case 'GET /api/v3/account':
        return this.account(apiKey);
      default:
        return json(404, { code: -1, msg: `no route ${method} ${path}` });
    }
  }

  private ticker(symbol: string): HttpReply {
    const last = this.lastPrices.get(symbol);
    const [bid] = this.book(symbol).sorted('bids', 1);
    const [ask] = this.book(symbol).sorted('asks', 1);
    return json(200, {
      symbol,
      lastPrice: last === undefined ? '0' : str(last),
      bidPrice: bid ? str(bid[0]) : '0',
      bidQty: bid ? str(bid[1]) : '0',
      askPrice: ask ? str(ask[0]) : '0',
      askQty: ask ? str(ask[1]) : '0',
      volume: '0',
      quoteVolume: '0',
      openTime: this.ledger.nowMs - 86_400_000,
      closeTime: this.ledger.nowMs,
    });
  }

  private placeOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected);
    const placed = this.place(apiKey, p);
    if (placed === 'no-money') return failure('no-money');
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return json(200, orderWire(placed));
  }

  private place(apiKey: string, p: Record<string, string>): FakeOrder | 'no-money' {
    const symbol = p.symbol ?? '';
    const info = BINANCE_EXCHANGE_INFO.symbols.find((s) => s.symbol === symbol);
    return this.ledger.place({
      apiKey,
      clientId: p.newClientOrderId ?? `fake${this.ledger.newId()}`,
      symbolId: symbol,
      base: (info?.baseAsset ?? '').toLowerCase(),
      quote: (info?.quoteAsset ?? '').toLowerCase(),
      side: (p.side ?? '').toLowerCase() as FakeSide,
      price: Number(p.price),
      amount: Number(p.quantity),
    });
  }

  private cancelOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected);
    const found = this.find(apiKey, p);
    const order = found && this.ledger.cancel(found.id);
    if (!order) return failure('not-exist');
    return json(200, orderWire(order));
  }

  private cancelReplace(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('amend');
    if (injected) return failure(injected);
    const found = this.find(apiKey, {
      orderId: p.cancelOrderId ?? '',
      origClientOrderId: p.cancelOrigClientOrderId ?? '',
    });
    const cancelled = found && this.ledger.cancel(found.id);
    if (!cancelled) return failure('not-exist');
    const placed = this.place(apiKey, p);
    if (placed === 'no-money') return failure('no-money');
    return json(200, {
      cancelResult: 'SUCCESS',
      newOrderResult: 'SUCCESS',
      cancelResponse: orderWire(cancelled),
      newOrderResponse: orderWire(placed),
    });
  }

  private getOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('query');
    if (injected) return failure(injected);
    const order = this.find(apiKey, p);
    if (!order) return json(400, { code: -2013, msg: 'Order does not exist.' });
    return json(200, orderWire(order));
  }

  private account(apiKey: string): HttpReply {
    const injected = this.ledger.takeFailure('balance');
    if (injected) return failure(injected);
    return json(200, {
      makerCommission: 10,
      takerCommission: 10,
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      updateTime: this.ledger.nowMs,
      accountType: 'SPOT',
      balances: [...this.ledger.balances(apiKey)].map(([asset, b]) => ({
        asset: asset.toUpperCase(),
        free: str(b.free),
        locked: str(b.used),
      })),
      permissions: ['SPOT'],
    });
  }

  private find(apiKey: string, p: Record<string, string>): FakeOrder | undefined {
    const order = p.orderId
      ? this.ledger.orders.get(p.orderId)
      : [...this.ledger.orders.values()].find((o) => o.clientId === p.origClientOrderId);
    return order?.apiKey === apiKey ? order : undefined;
  }

  private ordersOf(apiKey: string, symbol?: string): FakeOrder[] {
    return [...this.ledger.orders.values()].filter(
      (o) => o.apiKey === apiKey && (!symbol || o.symbolId === symbol),
    );
  }
}

function level([price, amount]: [number, number]): string[] {
  return [str(price), str(amount)];
}

function failure(kind: FakeFailure): HttpReply {
  const f = FAILURES[kind];
  return json(f.http, { code: f.code, msg: f.msg });
}

function orderWire(o: FakeOrder): Record<string, unknown> {
  const status =
    o.status === 'filled'
      ? 'FILLED'
      : o.status === 'canceled'
        ? 'CANCELED'
        : o.filled > 0
          ? 'PARTIALLY_FILLED'
          : 'NEW';
  return {
    symbol: o.symbolId,
    orderId: Number(o.id),
    orderListId: -1,
    clientOrderId: o.clientId,
    transactTime: o.updatedMs,
    time: o.createdMs,
    updateTime: o.updatedMs,
    price: str(o.price),
    origQty: str(o.amount),
    executedQty: str(o.filled),
    cummulativeQuoteQty: str(o.cost),
    status,
    timeInForce: 'GTC',
    type: 'LIMIT',
    side: o.side.toUpperCase(),
    workingTime: o.createdMs,
    isWorking: true,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

function fillWire(f: FakeFill): Record<string, unknown> {
  return {
    symbol: f.symbolId,
    id: Number(f.id),
    orderId: Number(f.orderId),
    orderListId: -1,
    price: str(f.price),
    qty: str(f.amount),
    quoteQty: str(f.price * f.amount),
    commission: str(f.fee),
    commissionAsset: f.feeCurrency.toUpperCase(),
    time: f.ms,
    isBuyer: f.side === 'buy',
    isMaker: f.maker,
    isBestMatch: true,
  };
}
