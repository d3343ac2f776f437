/**
 * The quote hub: takes ticks and trades from the bus, keeps the last tick per contract, feeds the
 * market history (trades and candles in SQLite), and fans each update out to the subscribed
 * sockets, serialising it once per wire form and only in the forms someone subscribed to.
 */
import type { Tick, Zhubi } from '@ots/protocol';
import type { Logger } from 'pino';
import type { Bus, Unsubscribe } from '../bus/bus.js';
import type { GatewayConfig } from '../config.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { Child } from '../metrics/registry.js';
import type { HistoryTrade, MarketHistory } from '../store/market-history.js';
import type { ClientConnection, CongestionWatcher } from '../ws/connection.js';
import { Frame } from '../ws/frames.js';
import { CandleStreams } from './candle-stream.js';
import { LowFreqStream } from './low-freq.js';
import { TickV3State } from './tick-v3.js';
import { TopicMap } from './topic.js';
import { Valuation } from './valuation.js';
import { VenueStatusPush } from './venue-status.js';
import { zhubiFrameJson } from './zhubi-wire.js';

export class QuoteHub implements CongestionWatcher {
  readonly valuation: Valuation;
  readonly candles: CandleStreams;
  readonly lowFreq: LowFreqStream;
  /** Exchange feed outages pushed to the sockets of that exchange's contracts. */
  readonly venueStatus = new VenueStatusPush((exchange) => this.subscribersOf(exchange));
  private readonly last = new Map<string, Tick>();
  /** The verbose frame of the last tick, when one was built. */
  private readonly lastVerbose = new Map<string, Frame>();
  private readonly tickTopics = new TopicMap();
  private readonly zhubiTopics = new TopicMap();
  private readonly v3Topics = new TopicMap();
  private readonly v3 = new Map<string, TickV3State>();
  private readonly congested = new Set<ClientConnection>();
  private readonly ticksIn = new Map<string, Child>();
  private readonly zhubiIn = new Map<string, Child>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribes: Unsubscribe[] = [];
  private tickCount = 0;

  constructor(
    private readonly bus: Bus,
    private readonly history: MarketHistory,
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {
    this.valuation = new Valuation(config.valuation, (contract) => this.last.get(contract)?.price);
    this.candles = new CandleStreams(history);
    this.lowFreq = new LowFreqStream(history, (contract) => this.last.get(contract));
  }

  start(): void {
    this.unsubscribes.push(
      this.bus.subscribe('tick', '>', (tick) => this.onTick(tick)),
      this.bus.subscribe('zhubi', '>', (trades) => this.onZhubi(trades)),
    );
    const { timers } = this.config;
    this.every(timers.congestionCheckMs, () => this.drainCongested());
    this.every(timers.lowFreqIntervalMs, () => this.lowFreq.push());
    if (timers.storeFlushMs > 0) this.every(timers.storeFlushMs, () => this.flushHistory());
    if (timers.retentionSweepMs > 0) this.every(timers.retentionSweepMs, () => this.pruneHistory());
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.venueStatus.stop();
    this.flushHistory();
  }

  /** The sockets subscribed to ticks, zhubi, tick-v3, candles or low-freq quotes of any contract of `exchange`. */
  private subscribersOf(exchange: string): Set<ClientConnection> {
    const prefix = `${exchange}/`;
    const out = new Set<ClientConnection>();
    for (const topics of [this.tickTopics, this.zhubiTopics, this.v3Topics]) {
      for (const contract of topics.keys()) {
        if (!contract.startsWith(prefix)) continue;
        const topic = topics.get(contract)!;
        for (const c of topic.plain) out.add(c);
        for (const c of topic.gzip) out.add(c);
      }
    }
    this.candles.collectSubscribers(prefix, out);
    this.lowFreq.collectSubscribers(prefix, out);
    return out;
  }

  /** Ticks received since start (for the terminal summary). */
  get ticksReceived(): number {
    return this.tickCount;
  }

  lastTick(contract: string): Tick | undefined {
    return this.last.get(contract);
  }

  lastTicks(): IterableIterator<Tick> {
    return this.last.values();
  }

  // ---- verbose ticks (`/quote/ws`, `/ws/tick`) ----

  subscribeTick(connection: ClientConnection, contract: string): void {
    if (!this.tickTopics.add(contract, connection)) return;
    connection.onClose(() => this.tickTopics.delete(contract, connection), `tick ${contract}`);
    const frame = this.verboseFrame(contract);
    if (frame) connection.deliverLatest(contract, frame.for(connection.gzip));
  }

  unsubscribeTick(connection: ClientConnection, contract: string): void {
    this.tickTopics.delete(contract, connection);
  }

  // ---- zhubi (`/ws/tick`) ----

  subscribeZhubi(connection: ClientConnection, contract: string): void {
    if (this.zhubiTopics.add(contract, connection)) {
      connection.onClose(() => this.zhubiTopics.delete(contract, connection), `zhubi ${contract}`);
    }
  }

  unsubscribeZhubi(connection: ClientConnection, contract: string): void {
    this.zhubiTopics.delete(contract, connection);
  }

  // ---- tick-v3 ----

  subscribeV3(connection: ClientConnection, contract: string): void {
    if (!this.v3Topics.add(contract, connection)) return;
    connection.onClose(() => this.v3Topics.delete(contract, connection), `v3 ${contract}`);
    const state = this.v3State(contract);
    const snapshot = state.snapshotFrame();
    if (snapshot) connection.deliverOrResync(contract, snapshot.for(connection.gzip), state);
  }

  unsubscribeV3(connection: ClientConnection, contract: string): void {
    this.v3Topics.delete(contract, connection);
  }

  // ---- congestion ----

  watch(connection: ClientConnection): void {
    this.congested.add(connection);
  }

  private drainCongested(): void {
    for (const connection of this.congested) {
      if (connection.drain()) this.congested.delete(connection);
    }
  }

  // ---- inputs ----

  private onTick(tick: Tick): void {
    const contract = tick.contract;
    if (!contract) return;
    this.tickCount++;
    this.counter(this.ticksIn, this.metrics.ticksIn, contract).inc();
    this.last.set(contract, tick);
    this.lastVerbose.delete(contract);
    const now = Date.now();

    const topic = this.tickTopics.get(contract);
    if (topic) {
      const frame = this.verboseFrame(contract)!;
      topic.deliverLatest(contract, frame);
    }

    const v3Topic = this.v3Topics.get(contract);
    const state = this.v3State(contract);
    const frame = state.next(tick, v3Topic !== undefined, now);
    if (v3Topic && frame) {
      if (v3Topic.plain.size > 0) {
        const buf = frame.text();
        for (const c of v3Topic.plain) c.deliverOrResync(contract, buf, state);
      }
      if (v3Topic.gzip.size > 0) {
        const buf = frame.gzip();
        for (const c of v3Topic.gzip) c.deliverOrResync(contract, buf, state);
      }
    }
  }

  private onZhubi(trades: Zhubi[]): void {
    if (trades.length === 0) return;
    const contract = trades[0].contract;
    this.counter(this.zhubiIn, this.metrics.zhubiIn, contract).inc(trades.length);
    const cnyPerQuote = this.valuation.cnyPerQuote(contract) ?? 0;
    const records: HistoryTrade[] = trades.map((z) => ({
      contract,
      timeUs: z.timestamp.epochMicros,
      exchangeTimeUs: z.exchangeTimestamp ? z.exchangeTimestamp.epochMicros : null,
      price: z.price,
      amount: z.amount,
      bs: z.bs,
      turnoverCny: z.price * z.amount * cnyPerQuote,
    }));
    this.history.add(records);
    if (this.config.timers.storeFlushMs === 0) this.flushHistory();

    const topic = this.zhubiTopics.get(contract);
    if (topic) topic.deliverQueued(new Frame(zhubiFrameJson(trades)));
    this.candles.onTrades(contract, records);
  }

  // ---- helpers ----

  private verboseFrame(contract: string): Frame | undefined {
    let frame = this.lastVerbose.get(contract);
    if (!frame) {
      const tick = this.last.get(contract);
      if (!tick) return undefined;
      frame = new Frame(`{"uri":"single-tick-verbose","data":${tick.toVerboseJson()}}`);
      this.lastVerbose.set(contract, frame);
    }
    return frame;
  }

  private v3State(contract: string): TickV3State {
    let state = this.v3.get(contract);
    if (!state) {
      state = new TickV3State(contract, this.config.timers.tickV3SnapshotMs);
      const tick = this.last.get(contract);
      if (tick) state.next(tick, false, Date.now());
      this.v3.set(contract, state);
    }
    return state;
  }

  private counter(cache: Map<string, Child>, metric: GatewayMetrics['ticksIn'], contract: string): Child {
    const exchange = contract.slice(0, contract.indexOf('/'));
    let child = cache.get(exchange);
    if (!child) {
      child = metric.labels({ exchange });
      cache.set(exchange, child);
    }
    return child;
  }

  private flushHistory(): void {
    try {
      this.history.flush();
    } catch (err) {
      this.logger.error({ err }, 'writing trades to the store failed');
    }
  }

  private pruneHistory(): void {
    try {
      this.history.prune(Date.now() * 1000, this.config.retention);
    } catch (err) {
      this.logger.error({ err }, 'deleting trades past their retention failed');
    }
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
