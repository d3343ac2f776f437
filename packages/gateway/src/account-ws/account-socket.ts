/**
 * The account websocket, `/api/v1/ws/trade/{exchange}/{account}` (reference §3.7).
 *
 * Authentication signs `GET /ws/{account name}` with an empty body, like a REST request. It comes
 * as upgrade headers (`Api-Key`, `Api-Nonce`, `Api-Signature`); browsers, which cannot set
 * headers, put the same three values in the query (`api_key`, `api_nonce`, `api_signature`) or in a
 * first message `{"uri":"auth","api_key":...,"api_nonce":...,"api_signature":...}`. Without any,
 * the server says `wait-for-jwt` and closes after `authTimeoutMs`.
 *
 * Once connected: `sub-info` / `sub-order` answer `success`, push a snapshot, then push every
 * change after it is committed to the store; `unsub-*` stop them; `ping` gets `pong`.
 */
import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { EngineEvent } from '@ots/engine';
import { accountWsSignedPath, type Order, OtsError } from '@ots/protocol';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { type Authenticator, type AuthHeaders, authHeadersOf } from '../auth/authenticate.js';
import type { TradeService } from '../trade/trade-service.js';
import type { SimTrading } from '../venues/sim/trading.js';
import type { SocketRoute } from '../ws/server.js';

export const ACCOUNT_WS_PREFIX = '/api/v1/ws/trade/';
export const DEFAULT_AUTH_TIMEOUT_MS = 3_000;
/** Largest client frame read (auth and subscriptions are tiny). */
const MAX_FRAME_BYTES = 4_096;
/** Messages held while an authentication completes; a client has no reason to send more. */
const MAX_HELD_MESSAGES = 64;

export interface AccountSocketOptions {
  auth: Authenticator;
  service: TradeService;
  /** The sim venue's trading (the only venue with pushes for now). */
  sim: () => SimTrading | undefined;
  authTimeoutMs?: number;
  /** A socket without a `ping` for this long is closed; 0 = never. */
  heartbeatTimeoutMs?: number;
  /** Counts authenticated sockets (a metrics gauge). */
  sockets?: { inc(): void; dec(): void };
  logger: Logger;
}

/** `{exchange, name}` from `/api/v1/ws/trade/{exchange}/{name}`, or undefined for another path. */
export function accountOfPath(pathname: string): { exchange: string; name: string } | undefined {
  if (!pathname.startsWith(ACCOUNT_WS_PREFIX)) return undefined;
  const rest = pathname.slice(ACCOUNT_WS_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { exchange: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

export function accountSocketRoute(options: AccountSocketOptions): SocketRoute {
  return {
    match: (pathname) => accountOfPath(pathname) !== undefined,
    handle: (socket, request) => new AccountSocket(socket, request, options).start(),
  };
}

type Message = Record<string, unknown>;

class AccountSocket {
  private readonly account: string;
  private readonly signedPath: string;
  private readonly gzip: boolean;
  private readonly query: URLSearchParams;
  private authed = false;
  private authTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private lastPingMs = Date.now();
  private subInfo = false;
  private subOrder = false;
  private unsubscribe: (() => void) | undefined;
  /** Serialises info pushes: one in flight, one more queued at most. */
  private infoPending = false;
  /** Messages that arrived while the authentication's nonce was being written (handled after it). */
  private held: Array<[string, Message]> | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly request: IncomingMessage,
    private readonly options: AccountSocketOptions,
  ) {
    const url = new URL(request.url ?? '/', 'http://gateway');
    const { exchange, name } = accountOfPath(url.pathname)!;
    this.account = `${exchange}/${name}`;
    this.signedPath = accountWsSignedPath(name);
    this.query = url.searchParams;
    const gzip = url.searchParams.get('gzip');
    this.gzip = gzip === 'true' || gzip === '1';
  }

  start(): void {
    this.ws.on('message', (data) => this.onMessage(data));
    this.ws.on('close', () => this.stop());
    this.ws.on('error', (err) => this.options.logger.debug({ err }, 'account websocket error'));
    const fromHeaders = authHeadersOf(this.request.headers);
    const fromQuery: AuthHeaders = {
      apiKey: this.query.get('api_key') ?? undefined,
      nonce: this.query.get('api_nonce') ?? undefined,
      signature: this.query.get('api_signature') ?? undefined,
    };
    const given = [fromHeaders, fromQuery].find((h) => h.apiKey || h.nonce || h.signature);
    if (given) {
      this.authenticate(given);
      return;
    }
    this.send({ uri: 'wait-for-jwt' });
    const timeout = this.options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
    this.authTimer = setTimeout(() => this.ws.close(1008, `no auth within ${timeout} ms`), timeout);
  }

  private stop(): void {
    if (this.authed) this.options.sockets?.dec();
    this.authed = false;
    clearTimeout(this.authTimer);
    clearInterval(this.heartbeatTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private authenticate(headers: AuthHeaders): void {
    clearTimeout(this.authTimer);
    try {
      this.options.auth.authenticate({
        headers,
        verb: 'GET',
        path: this.signedPath,
        body: '',
        account: this.account,
        writes: false,
      });
      this.options.service.resolve(this.account);
    } catch (err) {
      const error = err instanceof OtsError ? err : new OtsError('unexpected-error', 'internal error');
      this.afterNonces(() => {
        this.send({ uri: 'auth', code: 'fail', message: error.toJSON() });
        this.ws.close(1008, error.code);
      });
      return;
    }
    const sim = this.account.startsWith('sim/') ? this.options.sim() : undefined;
    this.afterNonces(() => {
      if (!sim) {
        // The protocol's answer for an exchange without account pushes (clients stop retrying).
        this.send({ code: 'no-router-found', message: `no account pushes for ${this.account}` });
        this.ws.close(1000, 'no-router-found');
        return;
      }
      this.authed = true;
      this.options.sockets?.inc();
      this.unsubscribe = sim.onCommitted((events) => this.onCommitted(events));
      this.startHeartbeat();
      this.send({ uri: 'status', code: 'connected', message: `account: ${this.account}` });
    });
  }

  /**
   * Runs `then` once the nonce of the socket's authentication is on disk (at once, or after the
   * gateway's commit thread has written it), unless the socket closed meanwhile.
   */
  private afterNonces(then: () => void): void {
    const persisted = this.options.auth.flushNonces();
    if (persisted === undefined) {
      then();
      return;
    }
    // A client may send its subscriptions right behind its auth: they wait, in order.
    this.held = [];
    persisted.then(
      () => {
        const held = this.held ?? [];
        this.held = undefined;
        if (this.ws.readyState !== this.ws.OPEN) return;
        then();
        for (const [uri, m] of held) this.dispatch(uri, m);
      },
      () => this.ws.close(1011, 'unexpected-error'),
    );
  }

  private startHeartbeat(): void {
    const timeout = this.options.heartbeatTimeoutMs ?? 0;
    if (timeout <= 0) return;
    this.heartbeatTimer = setInterval(
      () => {
        if (Date.now() - this.lastPingMs > timeout) this.ws.close(4000, `no ping for ${timeout} ms`);
      },
      Math.max(10, Math.min(1_000, timeout / 4)),
    );
    this.heartbeatTimer.unref();
  }

  private onMessage(data: RawData): void {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString()
      : Buffer.from(data as Buffer).toString();
    let uri = 'error';
    let message: unknown;
    try {
      if (text.length > MAX_FRAME_BYTES) {
        throw new OtsError('payload-too-large', `message over ${MAX_FRAME_BYTES} bytes`);
      }
      try {
        message = JSON.parse(text);
      } catch {
        throw new OtsError('invalid-param', 'message is not JSON: expected an object such as {"uri":"ping"}');
      }
      if (message === null || typeof message !== 'object' || Array.isArray(message)) {
        throw new OtsError('invalid-param', 'message must be a JSON object with a "uri"');
      }
      const { uri: given } = message as Message;
      uri = typeof given === 'string' ? given : 'error';
    } catch (err) {
      this.answerError(uri, err);
      return;
    }
    this.dispatch(uri, message as Message);
  }

  /** Handles a message, or holds it while the authentication's nonce is being written. */
  private dispatch(uri: string, m: Message): void {
    try {
      if (this.held !== undefined && uri !== 'ping') {
        if (this.held.length >= MAX_HELD_MESSAGES) {
          throw new OtsError(
            'exg-rate-limit-exceeded',
            'too many messages before the authentication completed',
          );
        }
        this.held.push([uri, m]);
        return;
      }
      this.handle(uri, m);
    } catch (err) {
      this.answerError(uri, err);
    }
  }

  private answerError(uri: string, err: unknown): void {
    const error = err instanceof OtsError ? err : new OtsError('unexpected-error', 'internal error');
    if (!(err instanceof OtsError)) this.options.logger.error({ err }, 'account websocket message failed');
    this.send({ uri, code: error.code, message: error.message });
  }

  private handle(uri: string, m: Message): void {
    if (uri === 'ping') {
      this.lastPingMs = Date.now();
      this.send({
        uri: 'pong',
        ...(m.uuid !== undefined ? { uuid: m.uuid } : {}),
        timestamp: Date.now() / 1000,
      });
      return;
    }
    if (!this.authed) {
      if (uri === 'auth') {
        const pick = (...names: string[]) =>
          names.map((n) => m[n]).find((v) => typeof v === 'string') as string | undefined;
        this.authenticate({
          apiKey: pick('api_key', 'Api-Key', 'apiKey'),
          nonce: pick('api_nonce', 'Api-Nonce', 'apiNonce', 'nonce'),
          signature: pick('api_signature', 'Api-Signature', 'apiSignature', 'signature'),
        });
        return;
      }
      throw new OtsError(
        'no-valid-authentication',
        'authenticate first: {"uri":"auth","api_key":...,"api_nonce":...,"api_signature":...}',
      );
    }
    switch (uri) {
      case 'auth':
        this.send({ uri: 'auth', code: 'success', message: 'already authenticated' });
        return;
      case 'sub-info':
        this.subInfo = true;
        this.send({ uri: 'sub-info', code: 'success' });
        this.pushInfo();
        return;
      case 'sub-order':
        this.subOrder = true;
        this.send({ uri: 'sub-order', code: 'success' });
        void this.options.service
          .orders(this.account, {})
          .then((orders) => this.send({ uri: 'order', type: 'snapshot', data: orders }))
          .catch((err) => this.send({ status: 'fail', uri: 'order', message: String(err) }));
        return;
      case 'unsub-info':
        this.subInfo = false;
        this.send({ uri: 'unsub-info', code: 'success' });
        return;
      case 'unsub-order':
        this.subOrder = false;
        this.send({ uri: 'unsub-order', code: 'success' });
        return;
      default:
        throw new OtsError(
          'invalid-param',
          `unknown uri "${uri}": expected ping, sub-info, sub-order, unsub-info or unsub-order`,
        );
    }
  }

  private onCommitted(events: readonly EngineEvent[]): void {
    const orders: Order[] = [];
    let balanceChanged = false;
    for (const event of events) {
      if (event.kind === 'order' && event.order.account === this.account) orders.push(event.order);
      else if (event.kind === 'balance' && event.account === this.account) balanceChanged = true;
    }
    if (this.subOrder && orders.length > 0) this.send({ uri: 'order', type: 'update', data: orders });
    if (this.subInfo && balanceChanged) this.pushInfo();
  }

  private pushInfo(): void {
    if (this.infoPending) return;
    this.infoPending = true;
    // Read after the current batch is on disk and the engine has settled: one push per burst.
    queueMicrotask(() => {
      this.infoPending = false;
      this.options.service
        .info(this.account)
        .then((info) => this.send({ uri: 'info', type: 'snapshot', data: info }))
        .catch((err) => this.send({ status: 'fail', uri: 'info', message: String(err) }));
    });
  }

  private send(message: Message): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const text = JSON.stringify(message);
    this.ws.send(this.gzip ? gzipSync(text) : text);
  }
}
