/**
 * A fake Bitfinex (API v2): the pair configuration and tickers (api-pub.bitfinex.com), and the
 * public websocket (`/ws/2`) with its `book` (P0: `[price, count, amount]`, asks negative, count 0
 * deletes) and `trades` channels, the `conf` flag 131072 that turns on book checksums (`cs`: CRC-32
 * of the top 25 levels, bid and ask interleaved), `unsubscribe`, and `subscribe: dup` (10301) for a
 * channel already open. Payload shapes follow docs.bitfinex.com (ws-public-books, ws-public-trades,
 * rest-public-conf, rest-public-tickers).
 */
import { crc32 } from 'node:zlib';
import type { WebSocket } from 'ws';
import { BaseDialect, json, LOST_REPLY, str } from './base-dialect.js';
import type { FakeFailure, FakeFill, FakeOrder, FakeSide } from './ledger.js';
import type { HttpReply, HttpRequest } from './server.js';

/** `pub:info:pair`: [pair, [.., .., .., min order size, max order size, ...]]. */
export const BITFINEX_PAIRS: Array<[string, unknown[]]> = [
  ['BTCUSD', [null, null, null, '0.00004', '2000.0', null, null, null, 0.2, 0.1, null, null]],
  ['ETHUSD', [null, null, null, '0.0008', '5000.0', null, null, null, 0.2, 0.1, null, null]],
  ['SHIB:USD', [null, null, null, '200000.0', '200000000000.0', null, null, null, 0.2, 0.1, null, null]],
  ['BTCUST', [null, null, null, '0.00004', '2000.0', null, null, null, 0.2, 0.1, null, null]],
];

/** Bitfinex's flag for book checksums (`conf`). */
const CHECKSUM_FLAG = 131072;

interface Channel {
  chanId: number;
  socket: WebSocket;
  channel: 'book' | 'trades';
  symbol: string;
}

export class FakeBitfinex extends BaseDialect {
  readonly id = 'bitfinex';
  readonly bookChannel = 'book';
  readonly tradeChannel = 'trades';
  private readonly channels: Channel[] = [];
  private readonly checksummed = new WeakSet<WebSocket>();
  private nextChanId = 17_000;
  /** Recent public trades per symbol, sent as the trades channel's snapshot. */
  private readonly recentTrades = new Map<string, Array<[number, number, number, number]>>();
  /** Checksums sent, so a test can tell a mismatch was detected rather than never checked. */
  checksumsSent = 0;
  unsubscribes = 0;

  constructor() {
    super();
    this.lastPrices.set('tETHUSD', 2345.6);
    this.lastPrices.set('tSHIB:USD', 0.000012345);
    this.lastPrices.set('tBTCUST', 43210);
  }

  // ---- market data pushed by the test ----

  setBook(symbol: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    this.book(symbol).set(bids, asks);
    for (const c of this.open('book', symbol)) this.sendBookSnapshot(c);
  }

  /** `gap`: the update is lost on the way; only the checksum of the true book arrives. */
  updateBook(
    symbol: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options: { gap?: boolean } = {},
  ): number {
    const book = this.book(symbol);
    book.apply('bids', change.bids ?? []);
    book.apply('asks', change.asks ?? []);
    const channels = this.open('book', symbol);
    for (const c of channels) {
      if (!options.gap) {
        for (const [price, amount] of change.bids ?? [])
          this.send(c.socket, [c.chanId, entry(price, amount, 1)]);
        for (const [price, amount] of change.asks ?? [])
          this.send(c.socket, [c.chanId, entry(price, amount, -1)]);
      }
      this.sendChecksum(c);
    }
    return channels.length;
  }

  trade(
    symbol: string,
    trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>,
  ): number {
    const channels = this.open('trades', symbol);
    const recent = this.recentTrades.get(symbol) ?? [];
    for (const t of trades) {
      this.lastPrices.set(symbol, t.price);
      const row: [number, number, number, number] = [
        Number(this.ledger.newId()),
        t.ms ?? this.ledger.nowMs,
        t.side === 'sell' ? -t.amount : t.amount,
        t.price,
      ];
      recent.unshift(row);
      for (const c of channels) {
        // Bitfinex sends `te` at once and `tu` (the same trade with its final id) shortly after.
        this.send(c.socket, [c.chanId, 'te', row]);
        this.send(c.socket, [c.chanId, 'tu', row]);
      }
    }
    this.recentTrades.set(symbol, recent.slice(0, 30));
    return channels.length;
  }

  override dropConnections(): void {
    this.channels.length = 0;
    super.dropConnections();
  }

  // ---- websocket ----

  override connection(socket: WebSocket, host: string, path: string): void {
    super.connection(socket, host, path);
    socket.on('close', () => {
      for (let i = this.channels.length - 1; i >= 0; i--) {
        if (this.channels[i]?.socket === socket) this.channels.splice(i, 1);
      }
    });
    this.send(socket, { event: 'info', version: 2, serverId: 'fake', platform: { status: 1 } });
  }

  protected onMessage(socket: WebSocket, text: string): void {
    const message = JSON.parse(text) as {
      event?: string;
      channel?: 'book' | 'trades';
      symbol?: string;
      chanId?: number;
      flags?: number;
      prec?: string;
      freq?: string;
      len?: string;
    };
    if (message.event === 'conf') {
      if (((message.flags ?? 0) & CHECKSUM_FLAG) !== 0) this.checksummed.add(socket);
      this.send(socket, { event: 'conf', status: 'OK', flags: message.flags });
      return;
    }
    if (message.event === 'unsubscribe') {
      const i = this.channels.findIndex((c) => c.socket === socket && c.chanId === message.chanId);
      if (i >= 0) this.channels.splice(i, 1);
      this.unsubscribes++;
      this.send(socket, { event: 'unsubscribed', status: 'OK', chanId: message.chanId });
      return;
    }
    if (message.event !== 'subscribe' || !message.channel || !message.symbol) return;
    const { channel, symbol } = message;
    if (this.channels.some((c) => c.socket === socket && c.channel === channel && c.symbol === symbol)) {
      this.send(socket, {
        event: 'error',
        msg: 'subscribe: dup',
        code: 10301,
        channel,
        symbol,
        pair: symbol.slice(1),
      });
      return;
    }
    const c: Channel = { chanId: this.nextChanId++, socket, channel, symbol };
    this.channels.push(c);
    if (channel === 'book') {
      this.send(socket, {
        event: 'subscribed',
        channel,
        chanId: c.chanId,
        symbol,
        prec: message.prec ?? 'P0',
        freq: message.freq ?? 'F0',
        len: message.len ?? '25',
        pair: symbol.slice(1),
      });
      this.sendBookSnapshot(c);
    } else {
      this.send(socket, { event: 'subscribed', channel, chanId: c.chanId, symbol, pair: symbol.slice(1) });
      this.send(socket, [c.chanId, this.recentTrades.get(symbol) ?? []]);
    }
    this.addSubscription(socket, channel, symbol);
  }

  private open(channel: 'book' | 'trades', symbol: string): Channel[] {
    return this.channels.filter((c) => c.channel === channel && c.symbol === symbol);
  }

  private sendBookSnapshot(c: Channel): void {
    const book = this.book(c.symbol);
    const rows = [
      ...book.sorted('bids', 25).map(([p, a]) => entry(p, a, 1)),
      ...book.sorted('asks', 25).map(([p, a]) => entry(p, a, -1)),
    ];
    this.send(c.socket, [c.chanId, rows]);
  }

  private sendChecksum(c: Channel): void {
    if (!this.checksummed.has(c.socket)) return;
    this.checksumsSent++;
    this.send(c.socket, [
      c.chanId,
      'cs',
      bookChecksum(this.book(c.symbol).sorted('bids', 25), this.book(c.symbol).sorted('asks', 25)),
    ]);
  }

  // ---- REST ----

  http(request: HttpRequest): HttpReply | Promise<HttpReply> {
    const { method, path } = request;
    if (method === 'GET' && path.startsWith('/v2/conf/'))
      return this.conf(decodeURIComponent(path.slice('/v2/conf/'.length)));
    if (method === 'GET' && path === '/v2/tickers')
      return this.tickers(request.query.get('symbols') ?? 'ALL');
    const one = /^\/v2\/ticker\/([^/]+)$/.exec(path);
    if (method === 'GET' && one) return json(200, this.tickerRow(decodeURIComponent(one[1] ?? '')).slice(1));
    return this.privateHttp(request);
  }

  // ---- trading (v2 authenticated endpoints; the key comes in `bfx-apikey`) ----

  private privateHttp(request: HttpRequest): HttpReply {
    const { method, path } = request;
    if (method !== 'POST' || !path.startsWith('/v2/auth/'))
      return bfxError(404, 10020, `no route ${method} ${path}`);
    const apiKey = String(request.headers['bfx-apikey'] ?? '');
    if (!this.ledger.hasAccount(apiKey)) return failure('invalid-key');
    const body = (request.body ? JSON.parse(request.body) : {}) as Record<string, unknown>;
    const route = path.slice('/v2/auth/'.length);
    if (route === 'w/order/submit') return this.submit(apiKey, body);
    if (route === 'w/order/cancel') return this.cancel(apiKey, body);
    if (route === 'w/order/update') return this.update(apiKey, body);
    if (route === 'r/wallets') return this.wallets(apiKey);
    const orders = /^r\/orders(?:\/([^/]+))?(\/hist)?$/.exec(route);
    if (orders) return this.listOrders(apiKey, orders[1], orders[2] !== undefined, body);
    const trades = /^r\/trades(?:\/([^/]+))?\/hist$/.exec(route);
    if (trades) return this.trades(apiKey, trades[1]);
    return bfxError(404, 10020, `no route ${method} ${path}`);
  }

  private submit(apiKey: string, body: Record<string, unknown>): HttpReply {
    const injected = this.ledger.takeFailure('place');
    if (injected) return failure(injected);
    const symbol = String(body.symbol ?? '');
    const pair = pairOf(symbol);
    if (!pair) return bfxError(500, 10020, 'symbol: invalid');
    const signed = Number(body.amount);
    const placed = this.ledger.place({
      apiKey,
      clientId: body.cid === undefined ? '' : String(body.cid),
      symbolId: symbol,
      base: pair.base,
      quote: pair.quote,
      side: signed < 0 ? 'sell' : 'buy',
      price: Number(body.price),
      amount: Math.abs(signed),
    });
    if (placed === 'no-money') return failure('no-money');
    if (this.ledger.takeLostReply('place')) return LOST_REPLY;
    return notification('on-req', [orderWire(placed)], 'Submitting 1 orders.');
  }

  private cancel(apiKey: string, body: Record<string, unknown>): HttpReply {
    const injected = this.ledger.takeFailure('cancel');
    if (injected) return failure(injected);
    const order = this.ledger.orders.get(String(body.id));
    if (!order || order.apiKey !== apiKey || order.status !== 'open') return failure('not-exist');
    // Bitfinex answers with the order as the request found it, before the cancellation.
    const before = orderWire(order);
    this.ledger.cancel(order.id);
    return notification(
      'oc-req',
      before,
      `Submitted for cancellation; waiting for confirmation (ID: ${order.id}).`,
    );
  }

  private update(apiKey: string, body: Record<string, unknown>): HttpReply {
    const injected = this.ledger.takeFailure('amend');
    if (injected) return failure(injected);
    const order = this.ledger.orders.get(String(body.id));
    if (!order || order.apiKey !== apiKey || order.status !== 'open') return failure('not-exist');
    this.ledger.amend(
      order.id,
      body.price === undefined ? undefined : Number(body.price),
      body.amount === undefined ? undefined : Math.abs(Number(body.amount)),
    );
    return notification('ou-req', orderWire(order), 'Submitting update to exchange limit buy order.');
  }

  private listOrders(
    apiKey: string,
    symbol: string | undefined,
    history: boolean,
    body: Record<string, unknown>,
  ): HttpReply {
    const injected = this.ledger.takeFailure('query');
    if (injected) return failure(injected);
    const ids = Array.isArray(body.id) ? body.id.map(String) : undefined;
    const orders = [...this.ledger.orders.values()].filter(
      (o) =>
        o.apiKey === apiKey &&
        (!symbol || o.symbolId === symbol) &&
        (history ? o.status !== 'open' : o.status === 'open') &&
        (!ids || ids.includes(o.id)),
    );
    return json(200, orders.reverse().map(orderWire));
  }

  private trades(apiKey: string, symbol: string | undefined): HttpReply {
    const fills = this.ledger.fills.filter((f) => f.apiKey === apiKey && (!symbol || f.symbolId === symbol));
    return json(200, fills.reverse().map(fillWire));
  }

  private wallets(apiKey: string): HttpReply {
    const injected = this.ledger.takeFailure('balance');
    if (injected) return failure(injected);
    return json(
      200,
      [...this.ledger.balances(apiKey)].map(([currency, b]) => [
        'exchange',
        currency === 'usdt' ? 'UST' : currency.toUpperCase(),
        b.free + b.used,
        0,
        b.free,
        null,
        null,
      ]),
    );
  }

  private conf(labels: string): HttpReply {
    const answers: Record<string, unknown> = {
      'pub:info:pair': BITFINEX_PAIRS,
      'pub:info:pair:futures': [],
      'pub:list:pair:securities': [],
      'pub:list:pair:margin': ['BTCUSD', 'ETHUSD'],
    };
    return json(
      200,
      labels.split(',').map((label) => answers[label] ?? []),
    );
  }

  private tickers(symbols: string): HttpReply {
    const ids = symbols === 'ALL' ? BITFINEX_PAIRS.map(([pair]) => `t${pair}`) : symbols.split(',');
    return json(
      200,
      ids.filter((id) => this.lastPrices.has(id)).map((id) => this.tickerRow(id)),
    );
  }

  /** [SYMBOL, BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW] */
  private tickerRow(id: string): unknown[] {
    const last = this.lastPrices.get(id) ?? 0;
    const [bid] = this.book(id).sorted('bids', 1);
    const [ask] = this.book(id).sorted('asks', 1);
    return [id, bid?.[0] ?? last, bid?.[1] ?? 0, ask?.[0] ?? last, ask?.[1] ?? 0, 0, 0, last, 0, last, last];
  }
}

/** A P0 book row: `[price, count, amount]`, asks negative; amount 0 → count 0 (delete the level). */
function entry(price: number, amount: number, sign: 1 | -1): [number, number, number] {
  return amount === 0 ? [price, 0, sign] : [price, 1, sign * amount];
}

/**
 * Bitfinex's book checksum: CRC-32 (signed) of `bid price:bid amount:ask price:-ask amount:...` over
 * the top 25 levels of each side.
 */
export function bookChecksum(bids: Array<[number, number]>, asks: Array<[number, number]>): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(str(bid[0]), str(bid[1]));
    if (ask) parts.push(str(ask[0]), str(-ask[1]));
  }
  return crc32(parts.join(':')) | 0;
}

/** `tBTCUST` → btc / usdt, `tSHIB:USD` → shib / usd (Bitfinex's UST is USDT). */
function pairOf(symbol: string): { base: string; quote: string } | undefined {
  const pair = BITFINEX_PAIRS.find(([id]) => `t${id}` === symbol)?.[0];
  if (!pair) return undefined;
  const [base, quote] = pair.includes(':') ? pair.split(':') : [pair.slice(0, 3), pair.slice(3)];
  const code = (c = '') => (c === 'UST' ? 'usdt' : c.toLowerCase());
  return { base: code(base), quote: code(quote) };
}

function bfxError(status: number, code: number, text: string): HttpReply {
  return json(status, ['error', code, text]);
}

/** Bitfinex's answers for each failure a test can inject. It has a minimum size but no minimum notional. */
const FAILURES: Record<FakeFailure, [number, number, string]> = {
  'rate-limit': [429, 11010, 'ratelimit: error'],
  'invalid-key': [500, 10100, 'apikey: invalid'],
  'no-money': [500, 10001, 'Invalid order: not enough exchange balance for 0.1 tBTCUST at 95'],
  'min-notional': [500, 10001, 'Invalid order: minimum size for BTC/USDT is 0.00004'],
  'bad-amount': [500, 10001, 'Invalid order: minimum size for BTC/USDT is 0.00004'],
  'bad-price': [500, 10001, 'Invalid order: price precision exceeded'],
  'not-exist': [500, 10001, 'Order not found.'],
};

function failure(kind: FakeFailure): HttpReply {
  const [status, code, text] = FAILURES[kind];
  return bfxError(status, code, text);
}

/** A notification: `[MTS, TYPE, MESSAGE_ID, null, DATA, CODE, STATUS, TEXT]`. */
function notification(type: string, data: unknown, text: string): HttpReply {
  return json(200, [Date.now(), type, null, null, data, null, 'SUCCESS', text]);
}

function statusOf(o: FakeOrder): string {
  const fills = `@ ${str(o.filled > 0 ? o.cost / o.filled : o.price)}(${str(o.filled)})`;
  if (o.status === 'open') return o.filled > 0 ? `PARTIALLY FILLED ${fills}` : 'ACTIVE';
  if (o.status === 'filled') return `EXECUTED ${fills}`;
  return o.filled > 0 ? `CANCELED was: PARTIALLY FILLED ${fills}` : 'CANCELED';
}

/** An order: `[ID, GID, CID, SYMBOL, MTS_CREATE, MTS_UPDATE, AMOUNT (left), AMOUNT_ORIG, TYPE, ...]`. */
function orderWire(o: FakeOrder): unknown[] {
  const sign = o.side === 'sell' ? -1 : 1;
  // What is left unfilled (for a cancelled order: what was left when it was cancelled).
  const left = o.amount - o.filled;
  return [
    Number(o.id),
    null,
    o.clientId === '' ? null : Number(o.clientId),
    o.symbolId,
    o.createdMs,
    o.updatedMs,
    sign * Number(str(left)),
    sign * o.amount,
    'EXCHANGE LIMIT',
    null,
    null,
    null,
    0,
    statusOf(o),
    null,
    null,
    o.price,
    o.filled > 0 ? o.cost / o.filled : 0,
    0,
    0,
    null,
    null,
    null,
    0,
    0,
    null,
    null,
    null,
    'API>BFX',
    null,
    null,
    {},
  ];
}

/** A fill: `[ID, SYMBOL, MTS, ORDER_ID, EXEC_AMOUNT, EXEC_PRICE, ORDER_TYPE, ORDER_PRICE, MAKER, FEE, FEE_CURRENCY, CID]`. */
function fillWire(f: FakeFill): unknown[] {
  return [
    Number(f.id),
    f.symbolId,
    f.ms,
    Number(f.orderId),
    f.side === 'sell' ? -f.amount : f.amount,
    f.price,
    'EXCHANGE LIMIT',
    f.price,
    f.maker ? 1 : -1,
    -f.fee,
    f.feeCurrency === 'usdt' ? 'UST' : f.feeCurrency.toUpperCase(),
    f.clientId === '' ? null : Number(f.clientId),
  ];
}
