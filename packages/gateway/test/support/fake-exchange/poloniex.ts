/**
 * A fake Poloniex (spot API v3): the market list and 24-hour tickers (api.poloniex.com), the
 * (empty) perpetual instrument list ccxt also loads, and the public websocket (`/ws/public`) with
 * its `book_lv2` channel (a snapshot, then updates chained by `lastId` → `id`) and `trades`
 * channel, and `ping` → `pong`. Payload shapes follow api-docs.poloniex.com (spot: reference data,
 * market data; websocket: book level 2, trades).
 */
import type { WebSocket } from 'ws';
import { BaseDialect, json, str } from './base-dialect.js';
import type { FakeSide } from './ledger.js';
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

  /** Trading endpoints; the market-data fake has none, so every other path is unknown. */
  protected privateHttp(request: HttpRequest): HttpReply | Promise<HttpReply> {
    return json(404, { code: 404, message: `no route ${request.method} ${request.path}` });
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
