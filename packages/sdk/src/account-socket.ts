import { Info, type InfoData, type Order, OtsError, sign } from '@ots/protocol';
import { canSendHeaders } from '#transport';
import { pendingAck } from './ack.js';
import {
  Connection,
  type ConnectionState,
  type ConnectionTimingOptions,
  type WireMessage,
} from './connection.js';
import { CallbackSink, type Sink } from './delivery.js';
import { nextNonce } from './nonce.js';
import type { Subscription } from './quote.js';

/**
 * The account websocket (`/api/v1/ws/trade/{exchange}/{name}`): order and info pushes for one account.
 *
 * Authentication signs `GET /ws/{name}` (the name without its exchange, a historical quirk) with a
 * fresh nonce per attempt. Node sends the `Api-*` headers on the upgrade request; browsers cannot set
 * headers on a websocket, so there the same three values go in a first message
 * `{"uri":"auth","api_key","api_nonce","api_signature"}` (not in the URL, which proxies log).
 */

export type OrderListener = (orders: Order[], type: 'snapshot' | 'update') => void | Promise<void>;
export type InfoListener = (info: Info) => void | Promise<void>;

export interface AccountSocketOptions extends ConnectionTimingOptions {
  /** How long to wait for the `connected` status after the upgrade; default 5000 ms. */
  authTimeoutMs?: number;
  /** Order pushes a slow async callback may fall behind before `sdk-slow-consumer`; default 10000. */
  maxQueued?: number;
}

interface AccountSocketConfig extends AccountSocketOptions {
  url: string;
  accountName: string;
  apiKey: string;
  apiSecret: string;
  report: (error: unknown) => void;
  events: {
    disconnect: (info: { code: number; reason: string }) => void;
    reconnect: () => void;
    state: (info: { state: ConnectionState; retryInMs?: number; reason?: string }) => void;
  };
}

type Feed = 'order' | 'info';

const AUTH_FAILURES = new Set([
  'invalid-api-key',
  'no-valid-authentication',
  'no-permission',
  'invalid-white-list',
]);

interface FeedState {
  sinks: Set<Sink<unknown>>;
  /** The server confirmed this feed at least once. */
  confirmed: boolean;
  acked: Promise<void>;
  settle: (error?: OtsError) => void;
}

export class AccountSocket {
  private readonly connection: Connection;
  private readonly feeds = new Map<Feed, FeedState>();
  /** Browsers: the signed auth message of the current attempt, sent as the first message. */
  private authMessage: WireMessage | undefined;

  constructor(private readonly config: AccountSocketConfig) {
    const authTimeoutMs = config.authTimeoutMs ?? 5000;
    this.connection = new Connection({
      name: `account ${config.accountName}`,
      pingIntervalMs: config.pingIntervalMs,
      pongTimeoutMs: config.pongTimeoutMs,
      connectTimeoutMs: config.connectTimeoutMs,
      backoff: config.backoff,
      endpoint: () => this.endpoint(),
      handshake: async (session) => {
        const authMessage = this.authMessage;
        this.authMessage = undefined;
        // Without headers the server first says `wait-for-jwt`, then answers the auth message.
        if (authMessage) session.send(authMessage);
        const reply = await session.expect(
          (m) =>
            isConnected(m) ||
            m.uri === 'auth' ||
            (m.uri === 'wait-for-jwt' && !authMessage) ||
            m.code === 'no-router-found',
          authTimeoutMs,
        );
        if (!isConnected(reply)) throw handshakeError(reply);
      },
      onMessage: (message) => this.onMessage(message),
      ping: () => ({ uri: 'ping', uuid: String(Date.now() / 1000) }),
    });
    this.connection.on('error', (error) => {
      config.report(error);
      // The gateway has no push feed for this exchange: retrying cannot help (PYSDK stops too).
      if (error.code === 'no-router-found') this.close();
      else if (AUTH_FAILURES.has(error.code)) this.refuseUnconfirmed(error);
    });
    this.connection.on('disconnect', (info) => config.events.disconnect(info));
    this.connection.on('open', ({ reconnected }) => {
      if (reconnected) config.events.reconnect();
    });
    this.connection.on('state', (change) =>
      config.events.state({ state: change.state, retryInMs: change.retryInMs, reason: change.reason }),
    );
  }

  subscribe(feed: 'order', listener: OrderListener): Promise<Subscription>;
  subscribe(feed: 'info', listener: InfoListener): Promise<Subscription>;
  async subscribe(feed: Feed, listener: OrderListener | InfoListener): Promise<Subscription> {
    if (typeof listener !== 'function') {
      throw new OtsError('invalid-param', `the ${feed} callback must be a function, got ${typeof listener}`);
    }
    const state = this.feed(feed);
    // Orders are never conflated (each update may be a fill); info is a snapshot, the latest is enough.
    const sink: Sink<unknown> =
      feed === 'order'
        ? new CallbackSink<{ orders: Order[]; type: 'snapshot' | 'update' }>(
            (push) => (listener as OrderListener)(push.orders, push.type),
            'queue',
            this.config.maxQueued ?? 10000,
            `orders of ${this.config.accountName}`,
            this.config.report,
          )
        : new CallbackSink<Info>(
            listener as InfoListener,
            'latest',
            1,
            `info of ${this.config.accountName}`,
            this.config.report,
          );
    state.sinks.add(sink);
    try {
      await state.acked;
    } catch (error) {
      state.sinks.delete(sink);
      throw error;
    }
    return {
      unsubscribe: () => {
        if (!state.sinks.delete(sink) || state.sinks.size > 0) return;
        this.feeds.delete(feed);
        state.settle(
          new OtsError('sdk-network-error', `unsubscribed from ${feed} before the server confirmed`, {
            status: 0,
          }),
        );
        this.connection.unsubscribe(`sub-${feed}`, { uri: `unsub-${feed}` });
      },
    };
  }

  get closed(): boolean {
    return this.connection.state === 'closed';
  }

  /**
   * Credentials refused: subscriptions still waiting for their first confirmation fail with the error
   * (a wrong key never starts working by retrying). Confirmed ones keep retrying with backoff, since
   * the same credentials worked before.
   */
  private refuseUnconfirmed(error: OtsError): void {
    let confirmed = false;
    for (const [feed, state] of this.feeds) {
      if (state.confirmed) {
        confirmed = true;
        continue;
      }
      this.feeds.delete(feed);
      state.settle(error);
      this.connection.unsubscribe(`sub-${feed}`);
    }
    if (!confirmed) this.close();
  }

  close(): void {
    for (const state of this.feeds.values()) {
      state.settle(new OtsError('sdk-network-error', 'the account websocket was closed', { status: 0 }));
    }
    this.feeds.clear();
    this.connection.close();
  }

  private feed(feed: Feed): FeedState {
    const known = this.feeds.get(feed);
    if (known) return known;
    const { acked, settle } = pendingAck(() => {
      state.confirmed = true;
    });
    const state: FeedState = { sinks: new Set(), confirmed: false, acked, settle };
    this.feeds.set(feed, state);
    this.connection.subscribe(`sub-${feed}`, { uri: `sub-${feed}` });
    this.connection.start();
    return state;
  }

  private async endpoint(): Promise<{ url: string; headers?: Record<string, string> }> {
    const nonce = nextNonce(this.config.apiKey);
    const signature = await sign(this.config.apiSecret, 'GET', `/ws/${this.config.accountName}`, nonce, '');
    if (canSendHeaders) {
      return {
        url: this.config.url,
        headers: { 'Api-Key': this.config.apiKey, 'Api-Nonce': nonce, 'Api-Signature': signature },
      };
    }
    // A first message rather than query parameters: URLs end up in proxy and server logs.
    this.authMessage = {
      uri: 'auth',
      api_key: this.config.apiKey,
      api_nonce: nonce,
      api_signature: signature,
    };
    return { url: this.config.url };
  }

  private onMessage(message: WireMessage): void {
    const uri = message.uri;
    if (uri === 'order' || uri === 'info') {
      if (message.status === 'fail' || (typeof message.code === 'string' && message.code !== 'success')) {
        this.config.report(
          new OtsError(
            String(message.code ?? 'upstream-error'),
            `the ${uri} feed of ${this.config.accountName} failed`,
            {
              status: 0,
              data: message,
            },
          ),
        );
        return;
      }
      this.onPush(uri, message);
    } else if (uri === 'sub-order' || uri === 'sub-info') {
      const state = this.feeds.get(uri.slice(4) as Feed);
      if (!state) return;
      if (message.code === undefined || message.code === 'success') state.settle();
      else {
        const error = OtsError.fromBody(message);
        if (state.sinks.size === 0) this.config.report(error);
        state.settle(error);
      }
    } else if (typeof message.code === 'string' && !isConnected(message) && message.code !== 'success') {
      this.config.report(OtsError.fromBody(message));
    }
  }

  private onPush(feed: Feed, message: WireMessage): void {
    const state = this.feeds.get(feed);
    if (!state) return;
    state.settle();
    let value: unknown;
    if (feed === 'order') {
      if (!Array.isArray(message.data)) {
        this.config.report(badPush('order', 'data is not a list of orders'));
        return;
      }
      value = { orders: message.data as Order[], type: message.type === 'snapshot' ? 'snapshot' : 'update' };
    } else {
      if (!message.data || typeof message.data !== 'object') {
        this.config.report(badPush('info', 'data is not an account info object'));
        return;
      }
      value = new Info(message.data as InfoData);
    }
    for (const sink of state.sinks) sink.push(value);
  }
}

/** `status`/`connection` with `code`/`status` `ok`/`connected` (every form the SDKs accepted). */
function isConnected(message: WireMessage): boolean {
  if (message.uri !== 'status' && message.uri !== 'connection') return false;
  const code = message.code ?? message.status;
  return code === 'connected' || code === 'ok';
}

function handshakeError(reply: WireMessage): OtsError {
  if (reply.uri === 'wait-for-jwt') {
    return new OtsError(
      'no-valid-authentication',
      'the account websocket saw no Api-Key, Api-Nonce and Api-Signature',
      {
        status: 401,
      },
    );
  }
  if (reply.code === 'no-router-found') {
    return new OtsError('no-router-found', 'the gateway has no account push feed for this exchange', {
      status: 404,
    });
  }
  const inner = reply.message;
  if (inner && typeof inner === 'object') return OtsError.fromBody(inner, 401);
  return new OtsError(
    'invalid-api-key',
    `the account websocket refused the credentials: ${String(inner ?? reply.code)}`,
    {
      status: 401,
    },
  );
}

function badPush(feed: string, problem: string): OtsError {
  return new OtsError('sdk-bad-message', `the gateway sent an ${feed} push the SDK cannot read: ${problem}`, {
    status: 0,
  });
}
