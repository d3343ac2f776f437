/**
 * The `sim` venue: the matching engine of @ots/engine with its synthetic market. Every
 * `sim.tickIntervalMs` the market steps (makers requote, takers trade), then the venue publishes
 * the trades of the step as zhubi and one tick per contract (book from `engine.depth`, last price,
 * and the volume and turnover since the previous tick from `takeTradeStats`).
 *
 * Trading (`trading`) is attached by the trade service, which also listens to the engine's other
 * events through `onEngineEvent`.
 */
import {
  DEFAULT_MARKET_CONFIG,
  DEFAULT_SIM_CONTRACTS,
  Engine,
  type EngineConfig,
  type EngineContract,
  type EngineEvent,
  type EventSink,
  SyntheticMarket,
} from '@ots/engine';
import { type ContractSpec, contractSpec, Tick, Timestamp, Zhubi } from '@ots/protocol';
import type { SimConfig, ValuationConfig } from '../../config.js';
import { decimalsOf } from '../../numbers.js';
import type { MarketDataSink, Venue, VenueTrading } from '../venue.js';

export interface SimVenueOptions {
  sim: SimConfig;
  valuation: ValuationConfig;
  /** CNY per unit of a contract's quote currency (for tick `amount`), if known. */
  cnyPerQuote: (contract: string) => number | undefined;
  /**
   * Builds the engine around the venue's event sink; the trade service passes one that restores
   * the engine from its journal. Default: a fresh `Engine`.
   */
  createEngine?: (config: EngineConfig, sink: EventSink) => Engine;
}

export class SimVenue implements Venue {
  readonly exchange = 'sim';
  readonly engine: Engine;
  readonly engineConfig: EngineConfig;
  /** Set by the trade service (`venues/sim/trading.ts`). */
  trading: VenueTrading | undefined = undefined;
  private market: SyntheticMarket | undefined;
  private readonly specs: ContractSpec[];
  private readonly listeners = new Set<EventSink>();
  private readonly trades = new Map<string, Zhubi[]>();
  private sink: MarketDataSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastUs = 0;
  private stepping = false;
  /** Contracts whose book a user's command changed since the last publish. */
  private readonly touched = new Set<string>();
  private publishScheduled = false;

  constructor(private readonly options: SimVenueOptions) {
    const contracts: EngineContract[] = options.sim.contracts ?? [...DEFAULT_SIM_CONTRACTS];
    this.engineConfig = {
      contracts,
      valuationCurrency: options.valuation.currency,
      cnyRate: options.valuation.cnyRate,
    };
    const sink: EventSink = (event) => this.onEvent(event);
    this.engine = options.createEngine
      ? options.createEngine(this.engineConfig, sink)
      : new Engine(this.engineConfig, sink);
    this.specs = contracts.map((c) =>
      contractSpec({
        exchange: 'sim',
        name: c.symbol.slice(c.symbol.indexOf('/') + 1),
        min_change: c.min_change,
        min_amount: c.min_amount,
        unit_amount: c.unit_amount,
        min_notional: c.min_notional,
      }),
    );
  }

  /** Hears every engine event (orders, fills, balances, trades) as it happens. */
  onEngineEvent(listener: EventSink): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  contracts(): ContractSpec[] {
    return this.specs;
  }

  /** Epoch microseconds, never going backwards (the engine needs a monotonic clock). */
  nowUs(): number {
    this.lastUs = Math.max(this.lastUs, Date.now() * 1000);
    return this.lastUs;
  }

  async start(sink: MarketDataSink): Promise<void> {
    this.sink = sink;
    const market = this.options.sim.market
      ? { seed: this.options.sim.seed, contracts: this.options.sim.market }
      : { ...DEFAULT_MARKET_CONFIG, seed: this.options.sim.seed };
    this.market = new SyntheticMarket(this.engine, market);
    this.step();
    this.timer = setInterval(() => this.step(), this.options.sim.tickIntervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink = undefined;
  }

  /** One market step, then its trades and a tick per contract. */
  step(): void {
    if (!this.market || !this.sink) return;
    const nowUs = this.nowUs();
    this.stepping = true;
    try {
      this.market.step(nowUs);
    } finally {
      this.stepping = false;
    }
    this.touched.clear();
    this.publishTrades();
    const time = Timestamp.fromEpochMicros(nowUs);
    for (const spec of this.specs) this.sink.tick(this.tickOf(spec.symbol, time));
  }

  private publishTrades(): void {
    for (const [contract, trades] of this.trades) {
      this.trades.delete(contract);
      if (trades.length > 0) this.sink?.zhubi(trades);
    }
  }

  /** After users' commands: their trades and fresh ticks of the contracts they touched, in the same turn. */
  private publishTouched(): void {
    this.publishScheduled = false;
    if (!this.sink) return;
    this.publishTrades();
    const time = Timestamp.fromEpochMicros(this.nowUs());
    for (const contract of this.touched) this.sink.tick(this.tickOf(contract, time));
    this.touched.clear();
  }

  private tickOf(contract: string, time: Timestamp): Tick {
    const depth = this.engine.depth(contract, this.options.sim.depthLevels);
    const stats = this.engine.takeTradeStats(contract);
    const rate = this.options.cnyPerQuote(contract);
    const last =
      this.engine.lastPrice(contract) ?? this.midOf(contract, depth.bids[0]?.price, depth.asks[0]?.price);
    return new Tick({
      time,
      exchange_time: time,
      price: last,
      volume: stats.volume,
      amount: rate === undefined ? null : stats.turnover * rate,
      bids: depth.bids,
      asks: depth.asks,
      contract,
    });
  }

  /** Before the first trade, the last price is the middle of the book on the price grid. */
  private midOf(contract: string, bid: number | undefined, ask: number | undefined): number {
    const mid = bid !== undefined && ask !== undefined ? (bid + ask) / 2 : (bid ?? ask ?? 0);
    const step = this.specs.find((s) => s.symbol === contract)?.min_change ?? 0.01;
    return Number(mid.toFixed(decimalsOf(step)));
  }

  private onEvent(event: EngineEvent): void {
    if (event.kind === 'trade') {
      const t = event.trade;
      const time = Timestamp.fromEpochMicros(t.timeUs);
      let list = this.trades.get(t.contract);
      if (!list) {
        list = [];
        this.trades.set(t.contract, list);
      }
      const rate = this.options.cnyPerQuote(t.contract);
      list.push(
        new Zhubi({
          time,
          exchange_time: time,
          contract: t.contract,
          price: t.price,
          amount: t.amount,
          bs: t.bs,
          turnover: rate === undefined ? null : t.price * t.amount * rate,
        }),
      );
    }
    if (!this.stepping && (event.kind === 'trade' || event.kind === 'order')) {
      // A user's command changed a book between two steps: publish it now, not at the next step.
      this.touched.add(event.kind === 'trade' ? event.trade.contract : event.order.contract);
      if (!this.publishScheduled) {
        // Once per turn of the event loop, not per command: a burst of concurrent requests on one
        // contract publishes one tick (queued before the group commit's flush, so still before
        // those requests are answered).
        this.publishScheduled = true;
        setImmediate(() => this.publishTouched());
      }
    }
    for (const listener of this.listeners) listener(event);
  }
}
