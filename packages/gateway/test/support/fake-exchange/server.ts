/**
 * The fake-exchange harness: one HTTP and websocket server on 127.0.0.1 (ephemeral port) that speaks
 * several exchanges' own REST and websocket protocols, so ccxt can be pointed at it and no test
 * touches the internet.
 *
 * Routing: every URL ccxt would call is rewritten to `{origin}/{ccxt id}/{original host}{original
 * path}` (see `pointCcxtAt`), so each dialect receives the exchange's own paths, and two hosts of one
 * exchange never collide. A dialect (okx.ts, gate.ts, binance.ts, ...) implements `Dialect`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface HttpRequest {
  method: string;
  /** The original host the client meant, e.g. `www.okx.com`. */
  host: string;
  /** The exchange's own path, e.g. `/api/v5/public/instruments`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpReply {
  status: number;
  body: unknown;
}

export interface Dialect {
  /** The ccxt id this dialect answers for (`okx`, `gate`, `binance`). */
  readonly id: string;
  http(request: HttpRequest): HttpReply | Promise<HttpReply>;
  /** A new websocket; `host` and `path` as in `HttpRequest`. */
  connection(socket: WebSocket, host: string, path: string, query: URLSearchParams): void;
  /** Closes every socket of this dialect abruptly (the "dropped connection"). */
  dropConnections(): void;
}

export class FakeExchangeServer {
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly dialects = new Map<string, Dialect>();
  /** Requests nobody answered: a test can print them to see what ccxt asked for. */
  readonly unanswered: string[] = [];
  origin = '';

  constructor(dialects: Dialect[]) {
    for (const dialect of dialects) this.dialects.set(dialect.id, dialect);
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.http.on('upgrade', (req, socket, head) => {
      const route = this.route(req.url ?? '/');
      if (!route) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        route.dialect.connection(ws, route.host, route.path, route.query);
      });
    });
  }

  async start(): Promise<this> {
    this.http.listen(0, '127.0.0.1');
    await once(this.http, 'listening');
    const { port } = this.http.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const dialect of this.dialects.values()) dialect.dropConnections();
    for (const client of this.wss.clients) client.terminate();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private route(rawUrl: string) {
    const url = new URL(rawUrl, 'http://fake');
    const [, id, host, ...rest] = url.pathname.split('/');
    const dialect = this.dialects.get(id ?? '');
    if (!dialect || !host) return undefined;
    return { dialect, host, path: `/${rest.join('/')}`, query: url.searchParams };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const route = this.route(req.url ?? '/');
    let reply: HttpReply;
    if (!route) {
      reply = { status: 404, body: { error: `no dialect for ${req.url}` } };
    } else {
      try {
        reply = await route.dialect.http({
          method: req.method ?? 'GET',
          host: route.host,
          path: route.path,
          query: route.query,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      } catch (err) {
        reply = { status: 500, body: { error: String(err) } };
      }
    }
    if (reply.status === 404) this.unanswered.push(`${req.method} ${req.url}`);
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  }
}

/** Rewrites a real exchange URL to the harness: `https://host/p` → `{origin}/{id}/host/p`. */
export function harnessUrl(origin: string, id: string, url: string): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol === 'wss:' || parsed.protocol === 'ws:' ? 'ws:' : 'http:';
  const base = origin.replace(/^http:/, scheme);
  const path = parsed.pathname === '/' && !url.endsWith('/') ? '' : parsed.pathname;
  return `${base}/${id}/${parsed.hostname}${path}${parsed.search}`;
}
