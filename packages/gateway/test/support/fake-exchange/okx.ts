/**
 * A fake OKX (API v5): public instruments, the `books` and `trades` websocket channels, and the
 * trade endpoints ccxt calls (order, cancel-order, amend-order, orders-pending, fills, balance).
 * Payload shapes follow OKX's v5 API documentation (www.okx.com/docs-v5).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json, LOST_REPLY, params, str } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

const INSTRUMENT_DEFAULTS = {
  uly: '',
  instFamily: '',
  settleCcy: '',
  ctVal: '',
  ctMult: '',
  ctValCcy: '',
  optType: '',
  stk: '',
  expTime: '',
  lever: '10',
  ctType: '',
  alias: '',
  state: 'live',
  listTime: '1548133413000',
  maxLmtSz: '9999999999',
  maxMktSz: '1000000',
};

export const OKX_INSTRUMENTS = {
  SPOT: [
    {
      ...INSTRUMENT_DEFAULTS,
      instType: 'SPOT',
      instId: 'BTC-USDT',
      baseCcy: 'BTC',
      quoteCcy: 'USDT',
      tickSz: '0.1',
      lotSz: '0.00000001',
      minSz: '0.00001',
    },
    {
      ...INSTRUMENT_DEFAULTS,
      instType: 'SPOT',
      instId: 'ETH-USDT',
      baseCcy: 'ETH',
      quoteCcy: 'USDT',
      tickSz: '0.01',
      lotSz: '0.000001',
      minSz: '0.0001',
    },
  ],
  SWAP: [
    {
      ...INSTRUMENT_DEFAULTS,
      instType: 'SWAP',
      instId: 'BTC-USDT-SWAP',
      uly: 'BTC-USDT',
      instFamily: 'BTC-USDT',
      baseCcy: '',
      quoteCcy: '',
      settleCcy: 'USDT',
      ctVal: '0.01',
      ctMult: '1',
      ctValCcy: 'BTC',
      ctType: 'linear',
      lever: '100',
      tickSz: '0.1',
      lotSz: '0.01',
      minSz: '0.01',
    },
    {
      ...INSTRUMENT_DEFAULTS,
      instType: 'SWAP',
      instId: 'BTC-USD-SWAP',
      uly: 'BTC-USD',
      instFamily: 'BTC-USD',
      baseCcy: '',
      quoteCcy: '',
      settleCcy: 'BTC',
      ctVal: '100',
      ctMult: '1',
      ctValCcy: 'USD',
      ctType: 'inverse',
      lever: '100',
      tickSz: '0.1',
      lotSz: '1',
      minSz: '1',
    },
  ],
};

/** OKX's own codes for each failure a test can inject. */
const FAILURES: Record<FakeFailure, { code: string; msg: string; http: number }> = {
  'rate-limit': { code: '50011', msg: 'Too Many Requests', http: 429 },
  'invalid-key': { code: '50111', msg: 'Invalid OK-ACCESS-KEY', http: 401 },
  'no-money': { code: '51008', msg: 'Order failed. Insufficient USDT balance in account', http: 200 },
  'min-notional': { code: '51118', msg: 'Total amount should exceed the min amount per order', http: 200 },
  'bad-amount': { code: '51121', msg: 'Order quantity must be a multiple of the lot size.', http: 200 },
  'bad-price': { code: '51006', msg: 'Order price is not within the price limit', http: 200 },
  'not-exist': {
    code: '51400',
    msg: 'Order cancellation failed as the order has been filled, canceled or does not exist.',
    http: 200,
  },
};

export class FakeOkx extends BaseDialect {
  readonly id = 'okx';
  readonly bookChannel = 'books';
  readonly tradeChannel = 'trades';

  // ---- market data pushed by the test ----

  /** Sets the whole book of `instId` and sends it as a `books` snapshot to its subscribers. */
  setBook(instId: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    const book = this.book(instId);
    book.set(bids, asks);
    for (const socket of this.subscribers('books', instId)) this.sendSnapshot(socket, instId);
  }

  /** Sends a `books` update; `gap` skips a sequence number as a lost message would. */
  updateBook(
    instId: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options: { gap?: boolean } = {},
  ): number {
    const book = this.book(instId);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    const prevSeqId = book.seq + (options.gap ? 1 : 0);
    book.seq += options.gap ? 2 : 1;
    return this.broadcast('books', instId, {
      arg: { channel: 'books', instId },
      action: 'update',
      data: [
        {
          asks: (change.asks ?? []).map(level),
          bids: (change.bids ?? []).map(level),
          ts: String(this.ledger.nowMs),
          checksum: 0,
          prevSeqId,
          seqId: book.seq,
        },
      ],
    });
  }

  /** Sends public trades of `instId` on the `trades` channel. */
  trade(
    instId: string,
    trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>,
  ): number {
    for (const t of trades) this.lastPrices.set(instId, t.price);
    return this.broadcast('trades', instId, {
      arg: { channel: 'trades', instId },
      data: trades.map((t) => ({
        instId,
        tradeId: this.ledger.newId(),
        px: str(t.price),
        sz: str(t.amount),
        side: t.side,
        ts: String(t.ms ?? this.ledger.nowMs),
      })),
    });
  }

  private sendSnapshot(socket: WebSocket, instId: string): void {
    const book = this.book(instId);
    book.seq += 1;
    this.send(socket, {
      arg: { channel: 'books', instId },
      action: 'snapshot',
      data: [
        {
          asks: book.sorted('asks').map(level),
          bids: book.sorted('bids').map(level),
          ts: String(this.ledger.nowMs),
          checksum: 0,
          prevSeqId: -1,
          seqId: book.seq,
        },
      ],
    });
  }

  // ---- websocket ----

  protected onMessage(socket: WebSocket, text: string): void {
    if (text === 'ping') {
      socket.send('pong');
      return;
    }
    const message = JSON.parse(text) as { op: string; args: Array<{ channel: string; instId: string }> };
    if (message.op !== 'subscribe') return;
    for (const arg of message.args) {
      this.send(socket, { event: 'subscribe', arg, connId: 'fake' });
      if (arg.channel === 'books') this.sendSnapshot(socket, arg.instId);
      this.addSubscription(socket, arg.channel, arg.instId);
    }
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply {
    const { path, method } = request;
    if (path === '/api/v5/public/instruments') {
      const type = request.query.get('instType') as keyof typeof OKX_INSTRUMENTS;
      return ok(OKX_INSTRUMENTS[type] ?? []);
    }
    if (path === '/api/v5/market/ticker') return this.ticker(request.query.get('instId') ?? '');
    if (path === '/api/v5/public/time') return ok([{ ts: String(this.ledger.nowMs) }]);
    if (!path.startsWith('/api/v5/trade/') && !path.startsWith('/api/v5/account/')) {
      return json(404, { code: '404', msg: `no route ${method} ${path}` });
    }
    const apiKey = String(request.headers['ok-access-key'] ?? '');
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    const p = params(request);
    switch (`${method} ${path}`) {
      case 'POST /api/v5/trade/order':
        return this.placeOrder(apiKey, p);
      case 'POST /api/v5/trade/cancel-order':
        return this.cancelOrder(p);
      case 'POST /api/v5/trade/amend-order':
        return this.amendOrder(p);
      case 'GET /api/v5/trade/order':
        return this.getOrder(apiKey, p);
      case 'GET /api/v5/trade/orders-pending':
        return ok(
          this.ordersOf(apiKey, p.instId)
            .filter((o) => o.status === 'open')
            .map(orderWire),
        );
      case 'GET /api/v5/trade/orders-history':
        return ok(
          this.ordersOf(apiKey, p.instId)
            .filter((o) => o.status !== 'open')
            .map(orderWire),
        );
      case 'GET /api/v5/trade/fills':
      case 'GET /api/v5/trade/fills-history':
        return ok(
          this.ledger.fills
            .filter((f) => f.apiKey === apiKey && (!p.instId || f.symbolId === p.instId))
            .reverse()
            .map(fillWire),
        );
      case 'GET /api/v5/account/balance':
        return this.balance(apiKey);
      default:
        return json(404, { code: '404', msg: `no route ${method} ${path}` });
    }
  }

  private ticker(instId: string): HttpReply {
    const book = this.book(instId);
    const [bid] = book.sorted('bids', 1);
    const [ask] = book.sorted('asks', 1);
    const last = this.lastPrices.get(instId);
    return ok([
      {
        instType: instId.endsWith('-SWAP') ? 'SWAP' : 'SPOT',
        instId,
        last: last === undefined ? '' : str(last),
        lastSz: '',
        askPx: ask ? str(ask[0]) : '',
        askSz: ask ? str(ask[1]) : '',
        bidPx: bid ? str(bid[0]) : '',
        bidSz: bid ? str(bid[1]) : '',
        open24h: '',
        high24h: '',
        low24h: '',
        volCcy24h: '0',
        vol24h: '0',
        ts: String(this.ledger.nowMs),
      },
    ]);
  }

  private placeOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected, p.clOrdId);
    const [base, quote] = (p.instId ?? '').split('-');
    const placed = this.ledger.place({
      apiKey,
      clientId: p.clOrdId ?? '',
      symbolId: p.instId ?? '',
      base: (base ?? '').toLowerCase(),
      quote: (quote ?? '').toLowerCase(),
      side: p.side as FakeSide,
      price: Number(p.px),
      amount: Number(p.sz),
    });
    if (placed === 'no-money') return failure('no-money', p.clOrdId);
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return ok([{ clOrdId: placed.clientId, ordId: placed.id, tag: '', sCode: '0', sMsg: 'Order placed' }]);
  }

  private cancelOrder(p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected, p.clOrdId);
    const id = p.ordId ?? this.findByClientId(p.clOrdId)?.id ?? '';
    const order = this.ledger.cancel(id);
    if (!order) return failure('not-exist', p.clOrdId);
    return ok([{ clOrdId: order.clientId, ordId: order.id, sCode: '0', sMsg: '' }]);
  }

  private amendOrder(p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('amend');
    if (injected) return failure(injected, p.clOrdId);
    const id = p.ordId ?? this.findByClientId(p.clOrdId)?.id ?? '';
    const order = this.ledger.amend(
      id,
      p.newPx === undefined ? undefined : Number(p.newPx),
      p.newSz === undefined ? undefined : Number(p.newSz),
    );
    if (!order) return failure('not-exist', p.clOrdId);
    return ok([{ clOrdId: order.clientId, ordId: order.id, reqId: p.reqId ?? '', sCode: '0', sMsg: '' }]);
  }

  private getOrder(apiKey: string, p: Record<string, string>): HttpReply {
    const injected = this.ledger.takeFailure('query');
    if (injected) return failure(injected);
    const order = p.ordId ? this.ledger.orders.get(p.ordId) : this.findByClientId(p.clOrdId);
    if (!order || order.apiKey !== apiKey) {
      return json(200, { code: '51603', msg: 'Order does not exist', data: [] });
    }
    return ok([orderWire(order)]);
  }

  private balance(apiKey: string): HttpReply {
    const injected = this.ledger.takeFailure('balance');
    if (injected) return failure(injected);
    const details = [...this.ledger.balances(apiKey)].map(([ccy, b]) => ({
      ccy: ccy.toUpperCase(),
      availBal: str(b.free),
      frozenBal: str(b.used),
      cashBal: str(b.free + b.used),
      eq: str(b.free + b.used),
      uTime: String(this.ledger.nowMs),
    }));
    return ok([{ totalEq: '0', uTime: String(this.ledger.nowMs), details }]);
  }

  private ordersOf(apiKey: string, instId?: string): FakeOrder[] {
    return [...this.ledger.orders.values()].filter(
      (o) => o.apiKey === apiKey && (!instId || o.symbolId === instId),
    );
  }

  private findByClientId(clientId: string | undefined): FakeOrder | undefined {
    if (!clientId) return undefined;
    return [...this.ledger.orders.values()].find((o) => o.clientId === clientId);
  }
}

function level([price, amount]: [number, number]): string[] {
  return [str(price), str(amount), '0', '1'];
}

function ok(data: unknown[]): HttpReply {
  return json(200, { code: '0', msg: '', data });
}

function failure(kind: FakeFailure, clOrdId = ''): HttpReply {
  const f = FAILURES[kind];
  // Order calls answer code "1" with the real reason in data[0].sCode; other calls answer the code.
  if (f.http === 200) {
    return json(200, {
      code: '1',
      msg: 'All operations failed',
      data: [{ clOrdId, ordId: '', sCode: f.code, sMsg: f.msg }],
    });
  }
  return json(f.http, { code: f.code, msg: f.msg, data: [] });
}

function orderWire(o: FakeOrder): Record<string, string> {
  const state =
    o.status === 'canceled'
      ? 'canceled'
      : o.status === 'filled'
        ? 'filled'
        : o.filled > 0
          ? 'partially_filled'
          : 'live';
  return {
    instType: 'SPOT',
    instId: o.symbolId,
    ordId: o.id,
    clOrdId: o.clientId,
    tag: '',
    px: str(o.price),
    sz: str(o.amount),
    ordType: 'limit',
    side: o.side,
    tdMode: 'cash',
    accFillSz: str(o.filled),
    fillPx: '',
    avgPx: o.filled > 0 ? str(o.cost / o.filled) : '',
    state,
    fee: str(-o.fee),
    feeCcy: (o.side === 'buy' ? o.base : o.quote).toUpperCase(),
    uTime: String(o.updatedMs),
    cTime: String(o.createdMs),
  };
}

function fillWire(f: FakeFill): Record<string, string> {
  return {
    instType: 'SPOT',
    instId: f.symbolId,
    tradeId: f.id,
    ordId: f.orderId,
    clOrdId: f.clientId,
    billId: f.id,
    tag: '',
    fillPx: str(f.price),
    fillSz: str(f.amount),
    side: f.side,
    posSide: 'net',
    execType: f.maker ? 'M' : 'T',
    feeCcy: f.feeCurrency.toUpperCase(),
    fee: str(-f.fee),
    ts: String(f.ms),
  };
}
