/**
 * A small websocket server speaking the quote protocol (auth, ping/pong, subscribe, tick pushes), for
 * the transport-level cases a real gateway will not do on demand: stop answering pings, drop every
 * connection, send garbage. The main behaviour is proven against the real gateway elsewhere.
 */
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type WebSocket, WebSocketServer } from 'ws';

export interface ServerSocket {
  socket: WebSocket;
  /** Path and query of the upgrade request. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  gzip: boolean;
  contracts: Set<string>;
}

export class ProtocolServer {
  readonly sockets = new Set<ServerSocket>();
  /** Every subscribe request received, in order, as `{socketIndex, message}`. */
  readonly subscribes: Array<Record<string, unknown>> = [];
  answerPings = true;
  /** Pings received so far. */
  pings = 0;
  private wss: WebSocketServer;
  private waiters: Array<() => void> = [];
  connections = 0;

  private constructor(wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (socket, request) => {
      this.connections++;
      const url = request.url ?? '/';
      const entry: ServerSocket = {
        socket,
        url,
        headers: request.headers,
        gzip: url.includes('gzip=true') || url.includes('tick-v3'),
        contracts: new Set(),
      };
      this.sockets.add(entry);
      socket.on('close', () => {
        this.sockets.delete(entry);
        this.notify();
      });
      socket.on('message', (data) => this.onMessage(entry, JSON.parse(String(data))));
      this.notify();
    });
  }

  static async start(): Promise<ProtocolServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    return new ProtocolServer(wss);
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  send(entry: ServerSocket, message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (entry.gzip) entry.socket.send(gzipSync(text), { binary: true });
    else entry.socket.send(text);
  }

  /** Pushes a verbose tick to every socket subscribed to the contract. */
  pushTick(contract: string, last: number): void {
    for (const entry of this.sockets) {
      if (entry.contracts.has(contract))
        this.send(entry, { uri: 'single-tick-verbose', data: verboseTick(contract, last) });
    }
  }

  /** Resolves once `predicate` holds, re-checked on every connection and message. */
  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (predicate()) {
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }

  /** Drops every client connection abruptly (as a crashed server would). */
  dropAll(): void {
    for (const entry of this.sockets) entry.socket.terminate();
  }

  async close(): Promise<void> {
    for (const entry of this.sockets) entry.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onMessage(entry: ServerSocket, message: Record<string, unknown>): void {
    const uri = message.uri;
    if (uri === 'ping') {
      this.pings++;
      if (this.answerPings)
        this.send(entry, { uri: 'pong', timestamp: Date.now() / 1000, uuid: message.uuid });
    } else if (uri === 'auth') {
      this.send(entry, { uri: 'auth', message: 'Auth succeed.' });
    } else if (uri === 'subscribe-single-tick-verbose') {
      entry.contracts.add(String(message.contract));
      this.subscribes.push(message);
      this.send(entry, { uri, code: 'success', contract: message.contract });
    } else if (uri === 'unsubscribe-single-tick-verbose') {
      entry.contracts.delete(String(message.contract));
      this.send(entry, { uri, code: 'success', contract: message.contract });
    }
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function verboseTick(contract: string, last: number) {
  return {
    asks: [{ price: last + 1, volume: 2 }],
    bids: [{ price: last - 1, volume: 3 }],
    contract,
    last,
    time: '2024-01-02T03:04:05.123456+00:00',
    volume: 1,
  };
}

/** Resolves when `emitter` fires `event` (optionally one matching `filter`). */
export function nextEvent<T>(
  emitter: {
    once(event: string, listener: (value: T) => void): unknown;
    off(event: string, listener: (value: T) => void): unknown;
    on(event: string, listener: (value: T) => void): unknown;
  },
  event: string,
  filter: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!filter(value)) return;
      emitter.off(event, listener);
      resolve(value);
    };
    emitter.on(event, listener);
  });
}
