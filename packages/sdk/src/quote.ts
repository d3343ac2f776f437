import {
  CANDLE_DURATIONS,
  Candle,
  type CandleDuration,
  type ContractSpec,
  isCandleDuration,
  normaliseContract,
  OtsError,
  parseContract,
  Tick,
  Zhubi,
} from '@ots/protocol';
import { pendingAck } from './ack.js';
import type { ConnectionState, ConnectionTimingOptions, DisconnectInfo, WireMessage } from './connection.js';
import { type BufferPolicy, CallbackSink, IteratorSink, type Listener, type Sink } from './delivery.js';
import { Emitter } from './emitter.js';
import { type CallOptions, type FetchLike, httpCall } from './http.js';
import { type ChannelLink, QuoteChannel } from './quote-channel.js';
import { TickV3Books } from './tick-v3.js';
import { DEFAULT_URL, gatewayUrls } from './urls.js';

export interface QuoteOptions extends ConnectionTimingOptions {
  /** The gateway origin; default `http://127.0.0.1:8700`. */
  url?: string;
  /**
   * `verbose` (default): full ticks from `/ws/tick`. `v3`: snapshots and diffs from `/ws/tick-v3`,
   * assembled into full ticks here (less bandwidth for deep books).
   */
  tickFormat?: 'verbose' | 'v3';
  /** Ask for gzip-compressed frames on `/ws/tick` and `/ws/candle` (`/ws/tick-v3` always uses gzip). */
  gzip?: boolean;
  /** Topics per connection before another connection is opened; default 50 (the server's limit). */
  maxContractsPerConnection?: number;
  /** Trades or candles a slow consumer may fall behind before `sdk-slow-consumer`; default 10000. */
  maxQueued?: number;
  /** Wait for the `auth` reply on a new socket; default 5000 ms. */
  authTimeoutMs?: number;
  /** REST timeout in ms; default 15000. */
  timeout?: number;
  /** Called with every error a callback threw and every stream problem (also the `error` event). */
  onError?: (error: unknown) => void;
  /** A `fetch` to use instead of the global one. */
  fetch?: FetchLike;
}

export type QuoteChannelName = 'tick' | 'tick-v3' | 'candle';

export interface QuoteDisconnect extends DisconnectInfo {
  channel: QuoteChannelName;
  /** The contracts (candles: `contract duration`) carried by the lost connection. */
  topics: string[];
}

export interface QuoteReconnect {
  channel: QuoteChannelName;
  topics: string[];
}

/** A live exchange's feed on the gateway went down or came back (the gateway's `status` message). */
export interface QuoteVenueStatus {
  /** The exchange code, e.g. `okex`. */
  exchange: string;
  /** `disconnected`: its contracts' ticks and trades pause until `connected`. */
  state: 'disconnected' | 'connected';
  /** The gateway's explanation. */
  message: string;
}

export interface QuoteEvents {
  /** A callback threw or rejected, the server refused something, or a frame was garbage. */
  error: (error: unknown) => void;
  /** A connection was lost; its topics may miss messages until `reconnect`. */
  disconnect: (info: QuoteDisconnect) => void;
  /** A lost connection is back and every subscription on it was sent again. */
  reconnect: (info: QuoteReconnect) => void;
  /**
   * The gateway's feed of an exchange you subscribed to went down or came back. Unlike `disconnect`,
   * your connection to the gateway is fine: the gateway lost the exchange and is reconnecting to it.
   */
  'venue-status': (info: QuoteVenueStatus) => void;
  /** Every state change of every connection, for dashboards and logs. */
  state: (info: {
    channel: QuoteChannelName;
    state: ConnectionState;
    retryInMs?: number;
    reason?: string;
  }) => void;
}

/** What `subscribe*` returns: drop this one callback (the server subscription goes with the last one). */
export interface Subscription {
  unsubscribe(): void;
}

interface Topic {
  channel: QuoteChannelName;
  /** The channel topic (contract, or `contract duration`). */
  topic: string;
  /** Replay key and messages. */
  key: string;
  subscribe: WireMessage;
  unsubscribe?: WireMessage;
  policy: BufferPolicy;
  sinks: Set<Sink<unknown>>;
  /** Settles when the server acknowledged the subscription (or refused it). */
  acked: Promise<void>;
  settle: (error?: OtsError) => void;
  /** The server confirmed the subscription (or sent data for it). */
  confirmed: boolean;
}

/**
 * Market data from a gateway: ticks, trades (zhubi) and candles over websockets, last ticks and
 * contracts over REST. Connections open lazily on the first subscription, ping, reconnect with backoff
 * and replay every subscription; `disconnect` and `reconnect` events tell when data may have been missed.
 */
export class Quote extends Emitter<QuoteEvents> {
  private readonly rest: string;
  private readonly ws: string;
  private readonly channels = new Map<QuoteChannelName, QuoteChannel>();
  private readonly topics = new Map<string, Topic>();
  private readonly iterators = new Set<IteratorSink<unknown>>();
  private readonly tickChannel: QuoteChannelName;
  /** The last feed state told per exchange: each connection is told, the user once per change. */
  private readonly venueStates = new Map<string, QuoteVenueStatus['state']>();
  private closed = false;

  constructor(private readonly options: QuoteOptions = {}) {
    super();
    const urls = gatewayUrls(options.url ?? DEFAULT_URL);
    this.rest = urls.rest;
    this.ws = urls.ws;
    this.tickChannel = options.tickFormat === 'v3' ? 'tick-v3' : 'tick';
  }

  // ---------------------------------------------------------------- subscriptions

  /**
   * Calls `onUpdate` with every tick of `contract`, in order. A sync callback gets every tick; an async
   * one is awaited and, if it falls behind, gets the latest tick. Subscribing a contract again adds a
   * callback without a second server subscription. Resolves once the server confirmed.
   */
  async subscribeTick(contract: string, onUpdate: Listener<Tick>): Promise<Subscription> {
    checkListener(onUpdate, 'subscribeTick');
    const topic = this.tickTopic(contract);
    return this.attach(topic, this.callbackSink(topic, onUpdate, `ticks of ${topic.topic}`));
  }

  /** Calls `onUpdate` with each batch of trades of `contract`. Trades are never conflated. */
  async subscribeZhubi(contract: string, onUpdate: Listener<Zhubi[]>): Promise<Subscription> {
    checkListener(onUpdate, 'subscribeZhubi');
    const topic = this.zhubiTopic(contract);
    return this.attach(topic, this.callbackSink(topic, onUpdate, `trades of ${topic.topic}`));
  }

  /** Calls `onUpdate` with every candle update of `contract` at `duration` (`1m` .. `1w`). */
  async subscribeCandle(
    contract: string,
    duration: CandleDuration,
    onUpdate: Listener<Candle>,
  ): Promise<Subscription> {
    checkListener(onUpdate, 'subscribeCandle');
    const topic = this.candleTopic(contract, duration);
    return this.attach(topic, this.callbackSink(topic, onUpdate, `candles of ${topic.topic}`));
  }

  /**
   * The ticks of `contract` as an async iterator. It holds the latest tick while the loop body runs;
   * `break` unsubscribes. A server refusal ends the loop with its error.
   */
  ticks(contract: string): AsyncIterableIterator<Tick> {
    return this.iterate<Tick>(this.tickTopic(contract), `ticks of ${contract}`);
  }

  /** Trade batches as an async iterator; falling more than `maxQueued` behind ends it with an error. */
  zhubis(contract: string): AsyncIterableIterator<Zhubi[]> {
    return this.iterate<Zhubi[]>(this.zhubiTopic(contract), `trades of ${contract}`);
  }

  /** Candle updates as an async iterator. */
  candles(contract: string, duration: CandleDuration): AsyncIterableIterator<Candle> {
    return this.iterate<Candle>(this.candleTopic(contract, duration), `candles of ${contract} ${duration}`);
  }

  /** Drops every subscription (ticks, trades, candles; callbacks and iterators) of `contract`. */
  unsubscribe(contract: string): void {
    const symbol = normaliseContract(contract);
    for (const topic of [...this.topics.values()]) {
      if (topic.topic === symbol || topic.topic.startsWith(`${symbol} `)) {
        for (const sink of topic.sinks) {
          if (!(sink instanceof IteratorSink)) continue;
          sink.end();
          this.iterators.delete(sink);
        }
        this.dropTopic(topic);
      }
    }
  }

  /** Connections currently open or being opened, per channel (more than one past 50 contracts). */
  connectionCount(channel: QuoteChannelName = this.tickChannel): number {
    return this.channels.get(channel)?.connectionCount ?? 0;
  }

  /** Drops and redials every connection at once, keeping subscriptions (e.g. after a network change). */
  reconnect(): void {
    for (const channel of this.channels.values()) channel.reconnectNow('reconnect requested');
  }

  /** Closes every connection; iterators end, pending subscriptions reject. The Quote cannot be reused. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const topic of this.topics.values()) {
      topic.settle(new OtsError('sdk-network-error', 'the Quote was closed', { status: 0 }));
    }
    for (const iterator of this.iterators) iterator.end();
    this.iterators.clear();
    this.topics.clear();
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }

  // ---------------------------------------------------------------- REST

  /** The gateway's last tick of `contract` (one book level per side). */
  async getLastTick(contract: string, options: CallOptions = {}): Promise<Tick> {
    const { exchange, name } = parseContract(contract);
    const body = await this.get(`/quote/single-tick/${exchange}/${name}`, options);
    return Tick.fromDict(body);
  }

  /** Every contract the gateway lists for `exchange`. */
  async getContracts(exchange: string, options: CallOptions = {}): Promise<ContractSpec[]> {
    const body = await this.get(`/basic/contracts?exchange=${encodeURIComponent(exchange)}`, options);
    if (!Array.isArray(body)) throw notAList('/basic/contracts', body);
    return body as ContractSpec[];
  }

  /** One contract (`sim/btc.usdt`); throws `contract-not-exist` when the gateway has none. */
  async getContract(symbol: string, options: CallOptions = {}): Promise<ContractSpec> {
    const { exchange, name } = parseContract(symbol);
    const query = `exchange=${encodeURIComponent(exchange)}&name=${encodeURIComponent(name)}`;
    const body = await this.get(`/basic/contracts?${query}`, options);
    if (!Array.isArray(body)) throw notAList('/basic/contracts', body);
    const found = (body as ContractSpec[]).find((c) => c.name === name) ?? body[0];
    if (!found)
      throw new OtsError('contract-not-exist', `the gateway has no contract ${exchange}/${name}`, {
        status: 404,
      });
    return found as ContractSpec;
  }

  private get(path: string, options: CallOptions): Promise<unknown> {
    return httpCall(
      {
        method: 'GET',
        url: this.rest + path,
        timeoutMs: options.timeout ?? this.options.timeout ?? 15000,
        signal: options.signal,
      },
      this.options.fetch,
    );
  }

  // ---------------------------------------------------------------- topics

  private tickTopic(contract: string): Topic {
    const symbol = normaliseContract(contract);
    const message = { uri: 'subscribe-single-tick-verbose', contract: symbol };
    return this.topic(this.tickChannel, symbol, `tick ${symbol}`, message, 'latest', {
      uri: 'unsubscribe-single-tick-verbose',
      contract: symbol,
    });
  }

  private zhubiTopic(contract: string): Topic {
    const symbol = normaliseContract(contract);
    const message = { uri: 'subscribe-single-zhubi-verbose', contract: symbol };
    return this.topic('tick', symbol, `zhubi ${symbol}`, message, 'queue', {
      uri: 'unsubscribe-single-zhubi-verbose',
      contract: symbol,
    });
  }

  private candleTopic(contract: string, duration: CandleDuration): Topic {
    const symbol = normaliseContract(contract);
    if (!isCandleDuration(duration)) {
      throw new OtsError(
        'invalid-param',
        `candle duration ${JSON.stringify(duration)} is not served: expected one of ${CANDLE_DURATIONS.join(', ')}`,
      );
    }
    const message = { uri: 'subscribe-single-candle', contract: symbol, duration };
    return this.topic('candle', `${symbol} ${duration}`, `candle ${symbol} ${duration}`, message, 'queue', {
      uri: 'unsubscribe-single-candle',
      contract: symbol,
      duration,
    });
  }

  /** The topic for a key, created (not yet sent) if new. */
  private topic(
    channel: QuoteChannelName,
    topicName: string,
    key: string,
    subscribe: WireMessage,
    policy: BufferPolicy,
    unsubscribe?: WireMessage,
  ): Topic {
    if (this.closed) throw new OtsError('sdk-network-error', 'the Quote is closed', { status: 0 });
    const known = this.topics.get(key);
    if (known) return known;
    const { acked, settle } = pendingAck(() => {
      topic.confirmed = true;
    });
    const topic: Topic = {
      channel,
      topic: topicName,
      key,
      subscribe,
      unsubscribe,
      policy,
      sinks: new Set(),
      acked,
      settle,
      confirmed: false,
    };
    this.topics.set(key, topic);
    this.channel(channel).subscribe(topicName, key, subscribe);
    return topic;
  }

  private async attach<T>(topic: Topic, sink: Sink<T>): Promise<Subscription> {
    topic.sinks.add(sink as unknown as Sink<unknown>);
    const subscription: Subscription = { unsubscribe: () => this.detach(topic, sink) };
    try {
      await topic.acked;
    } catch (error) {
      topic.sinks.delete(sink as unknown as Sink<unknown>);
      throw error;
    }
    return subscription;
  }

  private iterate<T>(topic: Topic, what: string): AsyncIterableIterator<T> {
    const sink: IteratorSink<T> = new IteratorSink<T>(topic.policy, this.maxQueued, what, () => {
      this.iterators.delete(sink as unknown as IteratorSink<unknown>);
      this.detach(topic, sink);
    });
    this.iterators.add(sink as unknown as IteratorSink<unknown>);
    topic.sinks.add(sink as unknown as Sink<unknown>);
    topic.acked.catch((error: unknown) => sink.fail(error));
    return sink;
  }

  private detach<T>(topic: Topic, sink: Sink<T>): void {
    if (!topic.sinks.delete(sink as unknown as Sink<unknown>)) return;
    if (topic.sinks.size === 0) this.dropTopic(topic);
  }

  private dropTopic(topic: Topic): void {
    if (this.topics.get(topic.key) !== topic) return;
    this.topics.delete(topic.key);
    topic.sinks.clear();
    topic.settle(
      new OtsError('sdk-network-error', `unsubscribed from ${topic.key} before the server confirmed`, {
        status: 0,
      }),
    );
    this.channels.get(topic.channel)?.unsubscribe(topic.topic, topic.key, topic.unsubscribe);
  }

  private callbackSink<T>(topic: Topic, onUpdate: Listener<T>, what: string): CallbackSink<T> {
    return new CallbackSink<T>(onUpdate, topic.policy, this.maxQueued, what, (error) => this.report(error));
  }

  private get maxQueued(): number {
    return this.options.maxQueued ?? 10000;
  }

  // ---------------------------------------------------------------- channels and messages

  private channel(name: QuoteChannelName): QuoteChannel {
    const known = this.channels.get(name);
    if (known) return known;
    const gzip = name === 'tick-v3' ? '' : this.options.gzip ? '?gzip=true' : '';
    const channel = new QuoteChannel(
      {
        name,
        url: `${this.ws}/ws/${name}${gzip}`,
        auth: name !== 'candle',
        authTimeoutMs: this.options.authTimeoutMs,
        maxTopicsPerConnection: this.options.maxContractsPerConnection ?? 50,
        timing: {
          pingIntervalMs: this.options.pingIntervalMs,
          pongTimeoutMs: this.options.pongTimeoutMs,
          connectTimeoutMs: this.options.connectTimeoutMs,
          backoff: this.options.backoff,
        },
      },
      {
        message: (message, link) => this.onMessage(name, message, link),
        error: (error) => this.report(error),
        disconnect: (info, link) =>
          this.emit('disconnect', { ...info, channel: name, topics: [...link.topics.keys()] }),
        open: (reconnected, link) => {
          if (reconnected) this.emit('reconnect', { channel: name, topics: [...link.topics.keys()] });
        },
        state: (change) =>
          this.emit('state', {
            channel: name,
            state: change.state,
            retryInMs: change.retryInMs,
            reason: change.reason,
          }),
      },
    );
    this.channels.set(name, channel);
    return channel;
  }

  private onMessage(channel: QuoteChannelName, message: WireMessage, link: ChannelLink): void {
    const uri = message.uri;
    if (uri === 'single-tick-verbose') {
      this.onTick(message);
    } else if (uri === 'single-zhubi-verbose') {
      this.onZhubi(message);
    } else if (channel === 'candle' && (uri === 'single-candle' || uri === undefined)) {
      this.onCandle(message);
    } else if (channel === 'tick-v3' && uri === undefined && message.tp !== undefined) {
      this.onTickV3(message, link);
    } else if (typeof uri === 'string' && uri.startsWith('subscribe-')) {
      this.onAck(channel, message, link);
    } else if (uri === 'status' && (message.code === 'disconnected' || message.code === 'connected')) {
      this.onVenueStatus(message.code, message);
    } else if (typeof message.code === 'string' && message.code !== 'success') {
      // `{"uri":"status","code":"rate-limit-exceed"}` and the like.
      this.report(OtsError.fromBody(message));
    }
  }

  private onAck(channel: QuoteChannelName, message: WireMessage, link: ChannelLink): void {
    const topic = this.ackedTopic(channel, message, link);
    if (!topic) return;
    if (message.code === undefined || message.code === 'success' || message.code === 'ok') {
      topic.settle();
      return;
    }
    const error = OtsError.fromBody(message);
    // A refused subscription is not replayed; whoever waits for it, or iterates it, gets the error.
    const waiting = topic.sinks.size;
    topic.settle(error);
    for (const sink of [...topic.sinks]) if (sink instanceof IteratorSink) sink.fail(error);
    this.dropTopic(topic);
    if (waiting === 0) this.report(error);
  }

  /**
   * The topic an ack answers: by its contract (and duration), or, for an error reply that names
   * neither, the oldest unconfirmed subscription of that kind on the link (the server answers in order).
   */
  private ackedTopic(channel: QuoteChannelName, message: WireMessage, link: ChannelLink): Topic | undefined {
    const uri = message.uri;
    if (typeof message.contract === 'string') {
      const contract = message.contract;
      const key =
        uri === 'subscribe-single-tick-verbose'
          ? `tick ${contract}`
          : uri === 'subscribe-single-zhubi-verbose'
            ? `zhubi ${contract}`
            : `candle ${contract} ${String(message.duration ?? '')}`;
      const topic = this.topics.get(key);
      return topic?.channel === channel ? topic : undefined;
    }
    for (const topic of this.topics.values()) {
      if (
        topic.channel === channel &&
        !topic.confirmed &&
        topic.subscribe.uri === uri &&
        this.channels.get(channel)?.linkFor(topic.topic) === link
      ) {
        return topic;
      }
    }
    return undefined;
  }

  private onTick(message: WireMessage): void {
    let tick: Tick;
    try {
      tick = Tick.fromDict(message.data);
    } catch (error) {
      this.report(badMessage('tick', error));
      return;
    }
    this.deliver(`tick ${tick.contract}`, tick);
  }

  private onZhubi(message: WireMessage): void {
    const data = message.data;
    if (!Array.isArray(data)) {
      this.report(badMessage('trades', 'data is not a list'));
      return;
    }
    let trades: Zhubi[];
    try {
      trades = data.map((item) => Zhubi.fromDict(item));
    } catch (error) {
      this.report(badMessage('trades', error));
      return;
    }
    const contract = typeof message.contract === 'string' ? message.contract : trades[0]?.contract;
    if (contract) this.deliver(`zhubi ${contract}`, trades);
  }

  private onCandle(message: WireMessage): void {
    let candle: Candle;
    try {
      candle = Candle.fromDict(message.data && typeof message.data === 'object' ? message.data : message);
    } catch (error) {
      this.report(badMessage('candle', error));
      return;
    }
    this.deliver(`candle ${candle.contract} ${candle.duration}`, candle);
  }

  private onTickV3(message: WireMessage, link: ChannelLink): void {
    let books = link.state.get('books') as TickV3Books | undefined;
    if (!books) {
      books = new TickV3Books();
      link.state.set('books', books);
    }
    const result = books.apply(message);
    if (result === undefined) return;
    if (result instanceof OtsError) this.report(result);
    else this.deliver(`tick ${result.contract}`, result);
  }

  private onVenueStatus(state: QuoteVenueStatus['state'], message: WireMessage): void {
    if (typeof message.exchange !== 'string') return;
    const exchange = message.exchange;
    if (this.venueStates.get(exchange) === state) return;
    this.venueStates.set(exchange, state);
    const text = typeof message.message === 'string' ? message.message : `${exchange} feed ${state}`;
    this.emit('venue-status', { exchange, state, message: text });
  }

  private deliver(key: string, value: unknown): void {
    const topic = this.topics.get(key);
    if (!topic) return;
    // Data proves the subscription is live even when the server sends no ack.
    topic.settle();
    for (const sink of topic.sinks) (sink as unknown as Sink<unknown>).push(value);
  }

  private report(error: unknown): void {
    this.reportError(error, this.options.onError, '[@ots/sdk Quote]');
  }
}

function checkListener(onUpdate: unknown, method: string): void {
  if (typeof onUpdate !== 'function') {
    throw new OtsError('invalid-param', `${method}: onUpdate must be a function, got ${typeof onUpdate}`);
  }
}

function badMessage(what: string, cause: unknown): OtsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new OtsError(
    'sdk-bad-message',
    `the gateway sent a ${what} message the SDK cannot read: ${detail}`,
    {
      status: 0,
    },
  );
}

function notAList(path: string, body: unknown): OtsError {
  return new OtsError(
    'sdk-bad-message',
    `${path} answered ${JSON.stringify(body).slice(0, 120)}: expected a list`,
    {
      status: 0,
    },
  );
}
