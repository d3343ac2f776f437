/**
 * What every fake exchange shares: its sockets and their subscriptions, its books and ledger, and
 * the waits a test needs ("until ccxt has subscribed twice", i.e. resubscribed after a reset).
 */
import { EventEmitter, once } from 'node:events';
import type { WebSocket } from 'ws';
import { FakeBook, FakeLedger, type FakeSide } from './ledger.js';
import type { Dialect, HttpReply, HttpRequest } from './server.js';

interface Subscription {
  socket: WebSocket;
  channel: string;
  marketId: string;
}

export abstract class BaseDialect implements Dialect {
  abstract readonly id: string;
  readonly ledger = new FakeLedger();
  readonly books = new Map<string, FakeBook>();
  /** Last traded price per market id, for ticker endpoints. */
  readonly lastPrices = new Map<string, number>();
  protected readonly sockets = new Set<WebSocket>();
  private readonly subscriptions: Subscription[] = [];
  private readonly subscribeCounts = new Map<string, number>();
  private readonly events = new EventEmitter();
  /** Connections accepted so far (a reconnect makes it grow). */
  connections = 0;

  abstract http(request: HttpRequest): HttpReply | Promise<HttpReply>;
  /** Sets the whole book of a market and sends it to its subscribers as the exchange would. */
  abstract setBook(marketId: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void;
  /** Sends a book update; `gap` skips sequence numbers as a lost message would. Returns the receivers. */
  abstract updateBook(
    marketId: string,
    change: { bids?: Array<[number, number]>; asks?: Array<[number, number]> },
    options?: { gap?: boolean },
  ): number;
  /** Sends public trades. Returns the number of receivers. */
  abstract trade(
    marketId: string,
    trades: Array<{ price: number; amount: number; side: FakeSide; ms?: number }>,
  ): number;
  /** The book channel's name on this exchange (for `subscribed`). */
  abstract readonly bookChannel: string;
  abstract readonly tradeChannel: string;
  protected abstract onMessage(socket: WebSocket, text: string, path: string): void;

  connection(socket: WebSocket, _host: string, path: string): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('message', (data) => this.onMessage(socket, data.toString(), path));
    socket.on('close', () => {
      this.sockets.delete(socket);
      for (let i = this.subscriptions.length - 1; i >= 0; i--) {
        if (this.subscriptions[i]?.socket === socket) this.subscriptions.splice(i, 1);
      }
    });
    this.events.emit('connection');
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    this.subscriptions.length = 0;
  }

  book(marketId: string): FakeBook {
    let book = this.books.get(marketId);
    if (!book) {
      book = new FakeBook();
      this.books.set(marketId, book);
    }
    return book;
  }

  /** Resolves once `channel` of `marketId` has been subscribed `count` times in total. */
  async subscribed(channel: string, marketId: string, count = 1): Promise<void> {
    const key = `${channel}|${marketId}`;
    while ((this.subscribeCounts.get(key) ?? 0) < count) await once(this.events, 'subscribe');
  }

  subscribeCount(channel: string, marketId: string): number {
    return this.subscribeCounts.get(`${channel}|${marketId}`) ?? 0;
  }

  protected addSubscription(socket: WebSocket, channel: string, marketId: string): void {
    this.subscriptions.push({ socket, channel, marketId });
    const key = `${channel}|${marketId}`;
    this.subscribeCounts.set(key, (this.subscribeCounts.get(key) ?? 0) + 1);
    // Emitted after the caller has had the chance to answer the subscription (snapshot first).
    setImmediate(() => this.events.emit('subscribe'));
  }

  protected subscribers(channel: string, marketId: string): WebSocket[] {
    return this.subscriptions
      .filter((s) => s.channel === channel && s.marketId === marketId)
      .map((s) => s.socket);
  }

  protected send(socket: WebSocket, message: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  protected broadcast(channel: string, marketId: string, message: unknown): number {
    const targets = this.subscribers(channel, marketId);
    for (const socket of targets) this.send(socket, message);
    return targets.length;
  }
}

/** What a client sees when the exchange did the work but the answer never came back. */
export const LOST_REPLY: HttpReply = {
  status: 504,
  body: '<html><body><h1>504 Gateway Time-out</h1></body></html>',
};

export function json(status: number, body: unknown): HttpReply {
  return { status, body };
}

/** Parses a JSON body or a form/query body into a flat record of strings. */
export function params(request: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of request.query) out[k] = v;
  if (request.body) {
    if (request.body.trimStart().startsWith('{')) {
      for (const [k, v] of Object.entries(JSON.parse(request.body) as Record<string, unknown>)) {
        out[k] = String(v);
      }
    } else {
      for (const [k, v] of new URLSearchParams(request.body)) out[k] = v;
    }
  }
  return out;
}

/** Numbers as exchanges print them: plain decimal strings. */
export function str(n: number): string {
  return String(Number(n.toPrecision(12)));
}
