import { OtsError } from '@ots/protocol';
import { gunzip, openSocket } from '#transport';
import { Backoff, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import type { Transport } from './transport/types.js';

/**
 * One websocket link as an explicit state machine, with its timers and its subscriptions in one place:
 *
 *   idle ──start()──▶ connecting ──socket open + handshake──▶ open
 *                       ▲    │ failure                         │ close, error, no pong
 *                       │    ▼                                 ▼
 *                     reconnecting ◀────────────────────────────┘   (backoff timer)
 *   any state ──close()──▶ closed (final)
 *
 * Every subscription is kept as the exact message that made it and is sent again after each
 * (re)connect. Events from a socket of an earlier attempt are ignored (`attempt` counter), so a late
 * close or message of a dead socket can never disturb the current one.
 */

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export type WireMessage = Record<string, unknown>;

export interface HeartbeatOptions {
  /** How often to send `{"uri":"ping"}`; default 5000 ms (PYSDK). The server drops a client after 30 s. */
  pingIntervalMs?: number;
  /** Drop and reconnect when no pong arrived for this long; default 20000 ms (PYSDK). */
  pongTimeoutMs?: number;
}

export interface ConnectionTimingOptions extends HeartbeatOptions {
  backoff?: BackoffOptions;
  /** Longest time from dialling to a finished handshake; default 10000 ms. */
  connectTimeoutMs?: number;
}

export interface Endpoint {
  url: string;
  headers?: Record<string, string>;
}

/** What a handshake may do on a fresh socket before the connection counts as open. */
export interface HandshakeSession {
  send(message: WireMessage): void;
  /** Resolves with the first message matching `match`; rejects after `timeoutMs` or when the socket ends. */
  expect(match: (message: WireMessage) => boolean, timeoutMs: number): Promise<WireMessage>;
}

export interface ConnectionOptions extends ConnectionTimingOptions {
  /** A short name for messages: `tick`, `tick-v3`, `candle`, `account sim/alice`. */
  name: string;
  /** URL and headers of each attempt; called again per attempt, so a signature can be fresh. */
  endpoint: () => Endpoint | Promise<Endpoint>;
  handshake?: (session: HandshakeSession) => Promise<void>;
  /** Every parsed message except pongs, in arrival order. */
  onMessage: (message: WireMessage) => void;
  /** The heartbeat message; default `{"uri":"ping"}`. */
  ping?: () => WireMessage;
}

export interface DisconnectInfo {
  code: number;
  reason: string;
}

export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** When entering `reconnecting`: the wait before the next attempt. */
  retryInMs?: number;
  /** When entering `reconnecting`: why the last attempt or link ended. */
  reason?: string;
}

export interface ConnectionEvents {
  state: (change: StateChange) => void;
  /** Open and subscriptions replayed. `reconnected` is true from the second time on. */
  open: (info: { reconnected: boolean }) => void;
  /** An open link was lost; messages may have been missed until the next `open`. */
  disconnect: (info: DisconnectInfo) => void;
  error: (error: OtsError) => void;
}

interface Waiter {
  match: (message: WireMessage) => boolean;
  resolve: (message: WireMessage) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const PING = '{"uri":"ping"}';

export class Connection extends Emitter<ConnectionEvents> {
  private currentState: ConnectionState = 'idle';
  private socket: Transport | undefined;
  private attempt = 0;
  private everOpened = false;
  private lastPongAt = 0;
  private lastError = '';
  private readonly backoff: Backoff;
  private readonly subscriptions = new Map<string, string>();
  private waiters: Waiter[] = [];
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  /** Decoding in flight (async gunzip in browsers): later frames queue behind it to keep order. */
  private decodeQueue: Promise<void> | undefined;
  private decodesPending = 0;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
    this.pingIntervalMs = options.pingIntervalMs ?? 5000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 20000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10000;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get name(): string {
    return this.options.name;
  }

  /** Number of subscriptions this link replays. */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** Begins connecting; does nothing unless idle. */
  start(): void {
    if (this.currentState === 'idle') void this.connect();
  }

  /** Resolves once open; rejects if the connection is closed first. */
  ready(): Promise<void> {
    if (this.currentState === 'open') return Promise.resolve();
    if (this.currentState === 'closed') return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const onState = (change: StateChange) => {
        if (change.state === 'open') {
          this.off('state', onState);
          resolve();
        } else if (change.state === 'closed') {
          this.off('state', onState);
          reject(this.closedError());
        }
      };
      this.on('state', onState);
    });
  }

  /** Adds a subscription (kept for replay) and sends it if open. Returns false if the key was known. */
  subscribe(key: string, message: WireMessage): boolean {
    if (this.subscriptions.has(key)) return false;
    const text = JSON.stringify(message);
    this.subscriptions.set(key, text);
    if (this.currentState === 'open') this.socket?.send(text);
    return true;
  }

  /** Forgets a subscription and, if open, sends `message` (the unsubscribe request) when given. */
  unsubscribe(key: string, message?: WireMessage): void {
    if (!this.subscriptions.delete(key)) return;
    if (message && this.currentState === 'open') this.socket?.send(JSON.stringify(message));
  }

  hasSubscription(key: string): boolean {
    return this.subscriptions.has(key);
  }

  /** Sends a one-off message if open; returns whether it was sent. */
  send(message: WireMessage): boolean {
    if (this.currentState !== 'open' || !this.socket) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Drops the current link (if any) and dials again at once, keeping every subscription. */
  reconnectNow(reason = 'reconnect requested'): void {
    if (this.currentState === 'closed') return;
    if (this.currentState === 'reconnecting') {
      clearTimeout(this.reconnectTimer);
      void this.connect();
      return;
    }
    if (this.socket) this.drop(reason);
  }

  /** Final: stops timers, closes the socket and never reconnects. */
  close(): void {
    if (this.currentState === 'closed') return;
    const socket = this.socket;
    this.endAttempt(new Error(`${this.options.name} connection closed`));
    clearTimeout(this.reconnectTimer);
    this.setState('closed');
    try {
      socket?.close(1000, 'client closed');
    } catch {
      socket?.terminate();
    }
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    this.setState('connecting');
    let endpoint: Endpoint;
    try {
      endpoint = await this.options.endpoint();
    } catch (error) {
      if (attempt === this.attempt) this.failAttempt(`preparing the connection failed: ${messageOf(error)}`);
      return;
    }
    if (attempt !== this.attempt || this.currentState !== 'connecting') return;
    this.lastError = '';
    this.connectTimer = setTimeout(
      () => this.drop(`no connection within ${this.connectTimeoutMs} ms`),
      this.connectTimeoutMs,
    );
    const current = () => attempt === this.attempt;
    try {
      this.socket = openSocket(endpoint.url, endpoint.headers, {
        onOpen: () => {
          if (current()) void this.onSocketOpen(attempt);
        },
        onText: (text) => {
          if (current()) this.onText(text);
        },
        onBinary: (bytes) => {
          if (current()) this.onBinary(bytes);
        },
        onClose: (code, reason) => {
          if (current()) this.lost(code, reason || this.lastError || 'closed by the server');
        },
        onError: (error) => {
          if (current()) this.lastError = error.message;
        },
      });
    } catch (error) {
      // A malformed URL throws synchronously; treat it like any failed attempt.
      this.failAttempt(`cannot open ${endpoint.url}: ${messageOf(error)}`);
    }
  }

  private async onSocketOpen(attempt: number): Promise<void> {
    this.lastPongAt = Date.now();
    this.startHeartbeat();
    if (this.options.handshake) {
      try {
        await this.options.handshake({
          send: (message) => this.socket?.send(JSON.stringify(message)),
          expect: (match, timeoutMs) => this.expect(match, timeoutMs),
        });
      } catch (error) {
        if (attempt !== this.attempt) return;
        if (error instanceof OtsError) this.emit('error', error);
        this.drop(`handshake failed: ${messageOf(error)}`);
        return;
      }
      if (attempt !== this.attempt) return;
    }
    clearTimeout(this.connectTimer);
    this.backoff.reset();
    this.setState('open');
    for (const text of this.subscriptions.values()) this.socket?.send(text);
    const reconnected = this.everOpened;
    this.everOpened = true;
    this.emit('open', { reconnected });
  }

  private startHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    const ping = this.options.ping;
    this.heartbeatTimer = setInterval(() => {
      const silentFor = Date.now() - this.lastPongAt;
      if (silentFor > this.pongTimeoutMs) {
        this.drop(`no pong for ${silentFor} ms (limit ${this.pongTimeoutMs} ms)`);
        return;
      }
      this.socket?.send(ping ? JSON.stringify(ping()) : PING);
    }, this.pingIntervalMs);
  }

  private expect(match: (message: WireMessage) => boolean, timeoutMs: number): Promise<WireMessage> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private onText(text: string): void {
    if (this.decodesPending > 0) {
      this.enqueueDecode(text);
      return;
    }
    this.deliver(text);
  }

  private onBinary(bytes: Uint8Array): void {
    if (this.decodesPending > 0) {
      this.enqueueDecode(bytes);
      return;
    }
    let decoded: string | Promise<string>;
    try {
      decoded = gunzip(bytes);
    } catch (error) {
      this.reportBadFrame(`a binary frame that is not gzip (${messageOf(error)})`);
      return;
    }
    if (typeof decoded === 'string') this.deliver(decoded);
    else this.enqueueDecode(decoded);
  }

  /** The async path: each frame waits for the one before it, so messages keep their order. */
  private enqueueDecode(frame: string | Uint8Array | Promise<string>): void {
    const attempt = this.attempt;
    this.decodesPending++;
    const text =
      typeof frame === 'string' || frame instanceof Promise
        ? frame
        : Promise.resolve().then(() => gunzip(frame));
    this.decodeQueue = (this.decodeQueue ?? Promise.resolve())
      .then(() => text)
      .then(
        (decoded) => {
          if (attempt === this.attempt) this.deliver(decoded);
        },
        (error) => {
          if (attempt === this.attempt)
            this.reportBadFrame(`a binary frame that is not gzip (${messageOf(error)})`);
        },
      )
      .finally(() => {
        if (attempt === this.attempt) this.decodesPending--;
      });
  }

  private deliver(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.reportBadFrame(`a frame that is not JSON: ${text.slice(0, 120)}`);
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.reportBadFrame(`a frame that is not a JSON object: ${text.slice(0, 120)}`);
      return;
    }
    const wire = message as WireMessage;
    if (wire.uri === 'pong') {
      this.lastPongAt = Date.now();
      return;
    }
    if (this.waiters.length > 0) {
      const waiter = this.waiters.find((w) => w.match(wire));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(wire);
        return;
      }
    }
    this.options.onMessage(wire);
  }

  private reportBadFrame(what: string): void {
    // Garbage from the server is reported and skipped; it never ends the stream.
    this.emit(
      'error',
      new OtsError('sdk-not-json', `${this.options.name} socket sent ${what}`, { status: 0 }),
    );
  }

  /** Ends the current socket abortively and moves on as if it had closed. */
  private drop(reason: string): void {
    const socket = this.socket;
    this.lost(4000, reason);
    socket?.terminate();
  }

  private lost(code: number, reason: string): void {
    const wasOpen = this.currentState === 'open';
    this.endAttempt(new Error(`${this.options.name} connection lost: ${reason}`));
    if (this.currentState === 'closed') return;
    if (wasOpen) this.emit('disconnect', { code, reason });
    this.scheduleReconnect(reason);
  }

  private failAttempt(reason: string): void {
    this.endAttempt(new Error(reason));
    if (this.currentState !== 'closed') this.scheduleReconnect(reason);
  }

  /** Forgets the current socket: later events from it are ignored, its timers and waiters end. */
  private endAttempt(cause: Error): void {
    this.attempt++;
    this.socket = undefined;
    clearTimeout(this.connectTimer);
    clearInterval(this.heartbeatTimer);
    this.decodeQueue = undefined;
    this.decodesPending = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(cause);
    }
  }

  private scheduleReconnect(reason: string): void {
    const delay = this.backoff.next();
    this.setState('reconnecting', { retryInMs: delay, reason });
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private setState(state: ConnectionState, extra: Omit<StateChange, 'state' | 'previous'> = {}): void {
    const previous = this.currentState;
    if (previous === state && state !== 'reconnecting') return;
    this.currentState = state;
    this.emit('state', { state, previous, ...extra });
  }

  private closedError(): OtsError {
    return new OtsError('sdk-network-error', `${this.options.name} connection is closed`, { status: 0 });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
