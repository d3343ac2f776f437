/**
 * An exchange of the fake-exchange harness that can be switched off and on: while off, its REST
 * answers 503 (ccxt: ExchangeNotAvailable) and its websockets are cut as soon as they open, so the
 * gateway sees an exchange that is down, for as long as a test wants.
 */
import type { WebSocket } from 'ws';
import type { Dialect, HttpReply, HttpRequest } from './fake-exchange/server.js';

export class SwitchableDialect implements Dialect {
  readonly id: string;
  up = true;
  /** REST calls refused while off. */
  refused = 0;

  constructor(private readonly inner: Dialect) {
    this.id = inner.id;
  }

  /** Off: cuts the open sockets, and every new call fails until `on()`. */
  off(): void {
    this.up = false;
    this.inner.dropConnections();
  }

  on(): void {
    this.up = true;
  }

  http(request: HttpRequest): HttpReply | Promise<HttpReply> {
    if (!this.up) {
      this.refused++;
      return { status: 503, body: { error: 'service unavailable (switched off by the test)' } };
    }
    return this.inner.http(request);
  }

  connection(socket: WebSocket, host: string, path: string, query: URLSearchParams): void {
    if (!this.up) {
      socket.terminate();
      return;
    }
    this.inner.connection(socket, host, path, query);
  }

  dropConnections(): void {
    this.inner.dropConnections();
  }
}
