/**
 * Paper accounts (`mock-*`) on a live exchange: orders live in the engine and fill against the live
 * book and trades, with the exchange's fee rates; balances come by deposit, as for sim.
 *
 * The engine holds only the paper orders. The live market enters it through one agent account
 * (agents are invisible to users; only the user's side of a trade is journaled):
 * - a new (or amended) paper order takes the live book: the agent posts the live levels up to the
 *   order's price, the order matches them as a taker at live prices, the agent withdraws the rest;
 * - a resting paper order fills when the live market trades through its price (a live sell below a
 *   paper bid, a live buy above a paper ask), partly when the traded amount is smaller, at the
 *   order's own price as a maker;
 * - a live book that moves through a resting order fills it the same way, up to the live volume.
 */
import type { Engine, EngineConfig, EngineContract } from '@ots/engine';
import type { DealtTrans, InfoData, Order, Tick, Zhubi } from '@ots/protocol';
import type { TradeStore } from '../../trade/trade-store.js';
import { openSimTrading, type SimTrading } from '../sim/trading.js';
import type { OrderQuery, PlaceOrderRequest, VenueTrading } from '../venue.js';

type Agent = ReturnType<Engine['agentAccount']>;

export interface PaperTradingOptions {
  /** The live exchange's contracts, with its fee rates (fractions). */
  contracts: EngineContract[];
  store: TradeStore;
  valuationCurrency?: string;
  cnyRate?: number;
  /** Epoch microseconds (a test may pin it). */
  nowUs?: () => number;
}

interface LiveBook {
  bids: Array<{ price: number; volume: number }>;
  asks: Array<{ price: number; volume: number }>;
}

export class PaperTrading implements VenueTrading {
  readonly engine: Engine;
  readonly sim: SimTrading;
  private readonly agent: Agent;
  private readonly books = new Map<string, LiveBook>();
  private readonly specs = new Map<string, EngineContract>();
  private readonly nowUs: () => number;

  constructor(options: PaperTradingOptions) {
    const config: EngineConfig = {
      contracts: options.contracts,
      valuationCurrency: options.valuationCurrency ?? 'usdt',
      cnyRate: options.cnyRate ?? 1,
    };
    let last = 0;
    this.nowUs =
      options.nowUs ??
      (() => {
        last = Math.max(last + 1, Date.now() * 1000);
        return last;
      });
    const opened = openSimTrading(options.store, config, { nowUs: this.nowUs });
    this.engine = opened.engine;
    this.sim = opened.trading;
    this.agent = this.engine.agentAccount('live-market');
    for (const spec of options.contracts) this.specs.set(spec.symbol, spec);
  }

  /** A live tick: the book new orders take, and resting orders the market moved through. */
  onTick(tick: Tick): void {
    if (!tick.contract || !this.specs.has(tick.contract)) return;
    this.books.set(tick.contract, { bids: tick.bids, asks: tick.asks });
    const market = this.engine.market(tick.contract);
    // Resting paper bids at or above the live ask (asks at or below the live bid) are taken.
    for (const level of tick.asks) {
      if (market.bids.best() === undefined) break;
      this.agentTake(tick.contract, 's', level.price, level.volume);
    }
    for (const level of tick.bids) {
      if (market.asks.best() === undefined) break;
      this.agentTake(tick.contract, 'b', level.price, level.volume);
    }
    this.sim.flush();
  }

  /** Live trades: a resting order fills when the market trades through its price. */
  onZhubi(trades: readonly Zhubi[]): void {
    for (const trade of trades as unknown as Array<{
      contract: string;
      price: number;
      amount: number;
      bs: string;
    }>) {
      const spec = this.specs.get(trade.contract);
      if (!spec) continue;
      // Strictly through: a sell at p fills paper bids above p; a buy at p fills paper asks below p.
      if (trade.bs === 's') this.agentTake(trade.contract, 's', trade.price + spec.min_change, trade.amount);
      else this.agentTake(trade.contract, 'b', trade.price - spec.min_change, trade.amount);
    }
    this.sim.flush();
  }

  async placeOrder(account: string, request: PlaceOrderRequest): Promise<Order> {
    const posted = this.postLiveLevels(request.contract, request.bs, request.price);
    try {
      // SimTrading's place runs synchronously up to its commit; the posted levels are there for it.
      const placed = this.sim.placeOrder(account, request);
      return await placed;
    } finally {
      this.withdraw(posted);
      this.sim.flush();
    }
  }

  async cancelOrder(account: string, exchange_oid: string): Promise<Order> {
    return this.sim.cancelOrder(account, exchange_oid);
  }

  async amendOrder(
    account: string,
    exchange_oid: string,
    change: { price?: number; amount?: number },
  ): Promise<Order> {
    const order = await this.sim.amendOrder(account, exchange_oid, change);
    // An amended price may cross the live book: let the live market take it as it would.
    const book = this.books.get(order.contract);
    if (book) this.onTick({ contract: order.contract, ...book } as Tick);
    return this.engine.getOrder(account, exchange_oid) ?? order;
  }

  orders(account: string, query: OrderQuery): Promise<Order[]> {
    return this.sim.orders(account, query);
  }

  fills(
    account: string,
    query: { contract?: string; limit?: number; before?: string },
  ): Promise<DealtTrans[]> {
    return this.sim.fills(account, query);
  }

  info(account: string): Promise<InfoData> {
    return this.sim.info(account);
  }

  /** Credits a paper account (the admin API's deposit). */
  deposit(account: string, currency: string, amount: number): void {
    this.sim.deposit(account, currency, amount);
  }

  /** Posts the live opposite levels an order of side `bs` at `price` could take; returns their handles. */
  private postLiveLevels(contract: string, bs: 'b' | 's', price: number) {
    const book = this.books.get(contract);
    const spec = this.specs.get(contract);
    if (!book || !spec) return [];
    const levels =
      bs === 'b' ? book.asks.filter((l) => l.price <= price) : book.bids.filter((l) => l.price >= price);
    const market = this.engine.market(contract);
    const side = bs === 'b' ? 's' : 'b';
    const handles = [];
    for (const level of levels) {
      const ticks = Math.round(level.price / spec.min_change);
      const lots = Math.floor(level.volume / spec.unit_amount + 1e-9);
      this.fundAgent(spec, side, level.price, lots * spec.unit_amount);
      const node = this.engine.agentPlace(this.agent, market, side, ticks, lots, false, this.nowUs());
      if (node) handles.push(node);
    }
    return handles;
  }

  private withdraw(handles: ReturnType<Engine['agentPlace']>[]): void {
    for (const node of handles) if (node) this.engine.agentCancel(node, this.nowUs());
  }

  /** The agent sends an IOC order of side `bs` at `price` for `amount` (fills resting paper orders). */
  private agentTake(contract: string, bs: 'b' | 's', price: number, amount: number): void {
    const spec = this.specs.get(contract);
    if (!spec || price <= 0) return;
    const ticks = Math.round(price / spec.min_change);
    const lots = Math.floor(amount / spec.unit_amount + 1e-9);
    if (lots <= 0) return;
    this.fundAgent(spec, bs, price, lots * spec.unit_amount);
    this.engine.agentPlace(this.agent, this.engine.market(contract), bs, ticks, lots, true, this.nowUs());
  }

  /** The live market never runs out of money: the agent is credited what it is about to commit. */
  private fundAgent(spec: EngineContract, bs: 'b' | 's', price: number, amount: number): void {
    if (bs === 'b')
      this.engine.agentDeposit(this.agent, spec.quote, Number((price * amount * 1.01).toPrecision(12)));
    else this.engine.agentDeposit(this.agent, spec.base, Number((amount * 1.01).toPrecision(12)));
  }
}
