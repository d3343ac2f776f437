/**
 * The websocket side of the gateway: `ws` in `noServer` mode on fastify's HTTP server. Upgrades
 * are routed by path to the quote endpoints (which share the request handling here: size limits,
 * JSON, `ping`, error replies, the heartbeat rule) or to routes other parts register with
 * `route()` (the account socket).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { OtsError } from '@ots/protocol';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { GatewayConfig } from '../config.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { CLOSE, ClientConnection, type CongestionWatcher, type EndpointMetrics } from './connection.js';
import { IpLimits } from './ip-limits.js';

/** A client request on a quote socket: a JSON object, normally with `uri`. */
export type QuoteRequest = Record<string, unknown>;

export interface QuoteEndpoint {
  /** Full path, e.g. `/api/v1/ws/tick`. */
  readonly path: string;
  /** Whether frames are gzip without `?gzip=` (tick-v3). */
  readonly gzipByDefault: boolean;
  /** Whether no `ping` for `timers.heartbeatTimeoutMs` closes the socket (not on `/quote/ws`). */
  readonly heartbeat: boolean;
  /** Answers one request; a thrown `OtsError` becomes the error reply. `ping` never reaches it. */
  handle(connection: ClientConnection, request: QuoteRequest): void;
}

/** A websocket route of another part of the gateway, given the raw socket after the upgrade. */
export interface SocketRoute {
  match(pathname: string, request: IncomingMessage): boolean;
  handle(socket: WebSocket, request: IncomingMessage): void;
}

export class SocketServer {
  readonly wss: WebSocketServer;
  readonly connections = new Set<ClientConnection>();
  private readonly endpoints = new Map<string, QuoteEndpoint>();
  private readonly routes: SocketRoute[] = [];
  private readonly ipLimits: IpLimits;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly onUpgradeBound = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.onUpgrade(req, socket, head);

  constructor(
    private readonly server: Server,
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    private readonly congestion: CongestionWatcher,
    private readonly logger: Logger,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: config.limits.hardFrameBytes,
      clientTracking: true,
    });
    this.ipLimits = new IpLimits(config.limits);
    server.on('upgrade', this.onUpgradeBound);
    const timeout = config.timers.heartbeatTimeoutMs;
    this.heartbeatTimer = setInterval(
      () => this.checkHeartbeats(),
      Math.max(10, Math.min(1_000, timeout / 4)),
    );
    this.heartbeatTimer.unref();
  }

  addEndpoint(endpoint: QuoteEndpoint): void {
    this.endpoints.set(endpoint.path, endpoint);
  }

  /** Registers a websocket route outside the quote endpoints (e.g. `/api/v1/ws/trade/...`). */
  route(route: SocketRoute): void {
    this.routes.push(route);
  }

  /** Closes every socket (1001 going away) and stops accepting upgrades. */
  async close(): Promise<void> {
    this.server.off('upgrade', this.onUpgradeBound);
    clearInterval(this.heartbeatTimer);
    this.ipLimits.close();
    for (const socket of this.wss.clients) socket.close(CLOSE.goingAway, 'gateway shutting down');
    const deadline = Date.now() + 1_000;
    while (this.wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://gateway');
    const endpoint = this.endpoints.get(url.pathname);
    if (endpoint) {
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(endpoint, ws, request, url));
      return;
    }
    const route = this.routes.find((r) => r.match(url.pathname, request));
    if (route) {
      this.wss.handleUpgrade(request, socket, head, (ws) => route.handle(ws, request));
      return;
    }
    const body = JSON.stringify(new OtsError('not-found', `no websocket endpoint ${url.pathname}`).toJSON());
    socket.end(
      `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  private accept(endpoint: QuoteEndpoint, ws: WebSocket, request: IncomingMessage, url: URL): void {
    const gzipParam = url.searchParams.get('gzip');
    const gzip = gzipParam === null ? endpoint.gzipByDefault : gzipParam === 'true' || gzipParam === '1';
    const ip = request.socket.remoteAddress ?? 'unknown';
    const name = endpoint.path.replace(/^\/api\/v1\//, '');
    const admission = this.ipLimits.admit(ip);
    const connection = new ClientConnection(
      ws,
      ip,
      endpoint.path,
      gzip,
      endpoint.heartbeat,
      this.config.limits,
      this.endpointMetrics(name),
      this.congestion,
      this.ipLimits,
      admission.usage,
    );
    if (admission.refused) {
      connection.reply({ uri: 'status', code: 'rate-limit-exceed', message: admission.refused });
      connection.close(CLOSE.rateLimit, 'too many connections from this IP', 'limit');
      return;
    }
    this.metrics.connections.inc(1, { endpoint: name });
    const clients = this.metrics.clients.labels({ endpoint: name });
    clients.inc();
    this.connections.add(connection);
    connection.onClose(() => {
      clients.dec();
      this.connections.delete(connection);
    });
    ws.on('message', (data) => this.onMessage(endpoint, connection, data));
    ws.on('error', (err) => {
      // A frame over the hard limit (1009) or a protocol violation: ws closes the socket itself.
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.metrics.closed.inc(1, { reason: 'frame-too-large' });
      }
      this.logger.debug({ err, ip, endpoint: name }, 'websocket error');
    });
  }

  private onMessage(endpoint: QuoteEndpoint, connection: ClientConnection, data: RawData): void {
    const text = rawText(data);
    let uri: unknown;
    try {
      if (Buffer.byteLength(text) > this.config.limits.softFrameBytes) {
        uri = uriOf(text);
        throw new OtsError(
          'payload-too-large',
          `request of ${Buffer.byteLength(text)} bytes is over the limit of ${this.config.limits.softFrameBytes} bytes`,
        );
      }
      let request: unknown;
      try {
        request = JSON.parse(text);
      } catch (err) {
        throw new OtsError(
          'invalid-param',
          `request is not valid JSON (${(err as Error).message}); expected an object such as {"uri":"ping"}`,
        );
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request)) {
        throw new OtsError(
          'invalid-param',
          'request must be a JSON object with a "uri", such as {"uri":"ping"}',
        );
      }
      const req = request as QuoteRequest;
      uri = req.uri;
      if (uri === 'ping') {
        connection.lastPingMs = Date.now();
        const pong: Record<string, unknown> = { uri: 'pong' };
        if (req.uuid !== undefined) pong.uuid = req.uuid;
        pong.timestamp = Date.now() / 1000;
        connection.reply(pong);
        return;
      }
      endpoint.handle(connection, req);
    } catch (err) {
      const error =
        err instanceof OtsError
          ? err
          : new OtsError('unexpected-error', 'internal error; see the gateway log');
      if (!(err instanceof OtsError))
        this.logger.error({ err, endpoint: endpoint.path }, 'websocket request failed');
      this.metrics.requestErrors.inc(1, { code: error.code });
      connection.reply({
        uri: typeof uri === 'string' ? uri : 'error',
        code: error.code,
        message: error.message,
      });
    }
  }

  private checkHeartbeats(): void {
    const deadline = Date.now() - this.config.timers.heartbeatTimeoutMs;
    for (const connection of this.connections) {
      if (connection.heartbeat && connection.lastPingMs < deadline) {
        connection.close(
          CLOSE.heartbeat,
          `no ping for ${this.config.timers.heartbeatTimeoutMs} ms`,
          'heartbeat',
        );
      }
    }
  }

  private endpointMetrics(endpoint: string): EndpointMetrics {
    const labels = { endpoint };
    return {
      framesOut: this.metrics.framesOut.labels(labels),
      bytesOut: this.metrics.bytesOut.labels(labels),
      conflated: this.metrics.conflated.labels(labels),
      dropped: this.metrics.dropped.labels(labels),
      closed: (reason) => this.metrics.closed.inc(1, { reason }),
    };
  }
}

/** The `uri` of an oversized request, for its error reply (undefined when it cannot be read). */
function uriOf(text: string): unknown {
  try {
    return (JSON.parse(text) as QuoteRequest)?.uri;
  } catch {
    return undefined;
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
