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
import { BaseDialect, json, LOST_REPLY, params, str } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
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

  // ---- spot trading (v1 API: the account id, orders, match results, balance) ----

  /** The spot account id every key has (HTX's `account-id`). */
  static readonly ACCOUNT_ID = 10_000_001;

  private privateHttp(request: HttpRequest): HttpReply {
    const { method, path } = request;
    const apiKey = request.query.get('AccessKeyId') ?? '';
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    const p = params(request);
    if (method === 'GET' && path === '/v1/account/accounts') {
      return ok([{ id: FakeHtx.ACCOUNT_ID, type: 'spot', subtype: '', state: 'working' }]);
    }
    if (method === 'GET' && path === `/v1/account/accounts/${FakeHtx.ACCOUNT_ID}/balance`)
      return this.balance(apiKey);
    if (method === 'POST' && path === '/v1/order/orders/place') return this.placeOrder(apiKey, p);
    if (method === 'GET' && path === '/v1/order/openOrders') {
      return ok(
        this.ordersOf(apiKey, p.symbol)
          .filter((o) => o.status === 'open')
          .map((o) => orderWire(o, 'filled')),
      );
    }
    if (method === 'GET' && path === '/v1/order/matchresults') {
      const fills = this.ledger.fills.filter(
        (f) => f.apiKey === apiKey && (!p.symbol || f.symbolId === p.symbol),
      );
      return ok(fills.reverse().map(fillWire));
    }
    if (method === 'GET' && path === '/v1/order/orders/getClientOrder') {
      return this.getOrder(apiKey, this.byClientId(apiKey, p.clientOrderId ?? '')?.id);
    }
    if (method === 'POST' && path === '/v1/order/orders/submitCancelClientOrder') {
      return this.cancelOrder(apiKey, this.byClientId(apiKey, p['client-order-id'] ?? '')?.id);
    }
    const cancel = /^\/v1\/order\/orders\/(\d+)\/submitcancel$/.exec(path);
    if (method === 'POST' && cancel) return this.cancelOrder(apiKey, cancel[1]);
    const one = /^\/v1\/order\/orders\/(\d+)$/.exec(path);
    if (method === 'GET' && one) return this.getOrder(apiKey, one[1]);
    return json(404, {
      status: 'error',
      'err-code': 'invalid-path',
      'err-msg': `no route ${method} ${path}`,
    });
  }

  private placeOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected);
    const market = HTX_SPOT_SYMBOLS.find((m) => m.symbol === p.symbol);
    if (!market) return error('base-symbol-error', 'The symbol is invalid');
    const clientId = p['client-order-id'] ?? '';
    // HTX refuses a client order id used within the last 24 hours, whatever became of that order.
    if (
      clientId &&
      this.ordersOf(apiKey).some(
        (o) => o.clientId === clientId && this.ledger.nowMs - o.createdMs < 86_400_000,
      )
    ) {
      return error('order-client-order-id-duplicate', 'Duplicate client order id');
    }
    const placed = this.ledger.place({
      apiKey,
      clientId,
      symbolId: market.symbol,
      base: market['base-currency'],
      quote: market['quote-currency'],
      side: (p.type ?? '').startsWith('sell') ? 'sell' : 'buy',
      price: Number(p.price),
      amount: Number(p.amount),
    });
    if (placed === 'no-money') return failure('no-money');
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return ok(placed.id);
  }

  private cancelOrder(apiKey: string, id: string | undefined): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected);
    const order = id === undefined ? undefined : this.ledger.orders.get(id);
    if (!order || order.apiKey !== apiKey || !this.ledger.cancel(order.id)) {
      return error('order-orderstate-error', 'Incorrect order state');
    }
    return ok(order.id);
  }

  private getOrder(apiKey: string, id: string | undefined): HttpReply {
    const injected = this.ledger.takeFailure('query');
    if (injected) return failure(injected);
    const order = id === undefined ? undefined : this.ledger.orders.get(id);
    if (!order || order.apiKey !== apiKey) return error('base-record-invalid', 'record invalid');
    return ok(orderWire(order, 'field'));
  }

  private balance(apiKey: string): HttpReply {
    const injected = this.ledger.takeFailure('balance');
    if (injected) return failure(injected);
    const list = [...this.ledger.balances(apiKey)].flatMap(([currency, b]) => [
      { currency, type: 'trade', balance: str(b.free) },
      { currency, type: 'frozen', balance: str(b.used) },
    ]);
    return ok({ id: FakeHtx.ACCOUNT_ID, type: 'spot', state: 'working', list });
  }

  private byClientId(apiKey: string, clientId: string): FakeOrder | undefined {
    // The newest order with this client id (a replaced order's id may be reused once it is closed).
    return this.ordersOf(apiKey)
      .filter((o) => o.clientId === clientId)
      .at(-1);
  }

  private ordersOf(apiKey: string, symbol?: string): FakeOrder[] {
    return [...this.ledger.orders.values()].filter(
      (o) => o.apiKey === apiKey && (!symbol || o.symbolId === symbol),
    );
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

function ok(data: unknown): HttpReply {
  return json(200, { status: 'ok', data });
}

function error(code: string, message: string): HttpReply {
  return json(200, { status: 'error', 'err-code': code, 'err-msg': message, data: null });
}

/** HTX's error codes for each failure a test can inject (HTX answers HTTP 200 with `status: error`). */
const FAILURES: Record<FakeFailure, [string, string]> = {
  'rate-limit': ['base-request-exceed-frequency-limit', 'Frequency of requests has exceeded the limit'],
  'invalid-key': ['api-signature-not-valid', 'Signature not valid: Incorrect Access key'],
  'no-money': ['account-frozen-balance-insufficient-error', 'trade account balance is not enough'],
  'min-notional': ['order-value-min-error', 'Order total cannot be lower than: 5 USDT'],
  'bad-amount': ['order-limitorder-amount-min-error', 'limit order amount error, min: `0.0001`'],
  'bad-price': ['order-orderprice-precision-error', 'order price precision error, scale: `2`'],
  'not-exist': ['base-record-invalid', 'record invalid'],
};

function failure(kind: FakeFailure): HttpReply {
  const [code, message] = FAILURES[kind];
  return error(code, message);
}

/** HTX spot states: submitted, partial-filled, filled, canceled, partial-canceled. */
function stateOf(o: FakeOrder): string {
  if (o.status === 'open') return o.filled > 0 ? 'partial-filled' : 'submitted';
  if (o.status === 'filled') return 'filled';
  return o.filled > 0 ? 'partial-canceled' : 'canceled';
}

/** An order as the order detail (`field-*`, HTX's own spelling) or the open-order list (`filled-*`). */
function orderWire(o: FakeOrder, spelling: 'field' | 'filled'): Record<string, unknown> {
  return {
    id: Number(o.id),
    symbol: o.symbolId,
    'account-id': FakeHtx.ACCOUNT_ID,
    'client-order-id': o.clientId,
    amount: str(o.amount),
    price: str(o.price),
    'created-at': o.createdMs,
    type: `${o.side}-limit`,
    [`${spelling}-amount`]: str(o.filled),
    [`${spelling}-cash-amount`]: str(o.cost),
    [`${spelling}-fees`]: str(o.fee),
    'finished-at': o.status === 'open' ? 0 : o.updatedMs,
    'canceled-at': o.status === 'canceled' ? o.updatedMs : 0,
    source: 'spot-api',
    state: stateOf(o),
  };
}

function fillWire(f: FakeFill): Record<string, unknown> {
  return {
    id: Number(f.id),
    'trade-id': Number(f.id) + 1,
    'match-id': Number(f.id) + 2,
    'order-id': Number(f.orderId),
    symbol: f.symbolId,
    type: `${f.side}-limit`,
    source: 'spot-api',
    price: str(f.price),
    'filled-amount': str(f.amount),
    'filled-fees': str(f.fee),
    'fee-currency': f.feeCurrency,
    'created-at': f.ms,
    role: f.maker ? 'maker' : 'taker',
    'filled-points': '0',
    'fee-deduct-currency': '',
  };
}
