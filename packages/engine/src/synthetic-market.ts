/**
 * Synthetic agents that make the `sim` exchange look alive: per contract, a market maker quoting
 * `levels` price levels on each side around a random-walk fair price, and a taker that sends IOC
 * orders through those quotes (and through users' orders at better prices). Cross contracts
 * (`eth.btc`) take their fair price from the two legs, so the three books stay consistent.
 *
 * Deterministic: the same seed and the same sequence of `step(nowUs)` times give the same orders.
 * Agents trade through the engine's fast path: nothing they do is journaled; after a restart the
 * market is simply regenerated (starting from the engine's last prices when it has them).
 */
import type { Side } from '@ots/protocol';
import { OtsError } from '@ots/protocol';
import type { SyntheticContractConfig, SyntheticMarketConfig } from './api.js';
import type { OrderNode } from './book.js';
import { DEFAULT_MARKET_CONFIG } from './defaults.js';
import type { Engine } from './engine.js';
import type { Account } from './ledger.js';
import type { Market } from './market.js';
import { type SeededRandom, seededRandom } from './random.js';
import { stepsOf, stepsToNumber } from './units.js';

/**
 * Agents are funded with this many times their largest full quote (small enough that every
 * balance stays a safe integer) and topped up when less than two full quotes are left.
 */
const INVENTORY_MULTIPLE = 10;

interface ContractAgents {
  config: SyntheticContractConfig;
  market: Market;
  maker: Account;
  taker: Account;
  /** Natural log of the fair price (legs only; crosses derive theirs). */
  logFair: number;
  quotes: OrderNode[];
  /** Funds one full requote and one taker order can need, in protocol amounts. */
  baseNeed: number;
}

export class SyntheticMarket {
  private readonly engine: Engine;
  private readonly random: SeededRandom;
  private readonly agents: ContractAgents[] = [];
  private readonly byContract = new Map<string, ContractAgents>();
  private lastUs: number | null = null;

  constructor(engine: Engine, config: SyntheticMarketConfig = DEFAULT_MARKET_CONFIG) {
    this.engine = engine;
    this.random = seededRandom(config.seed);
    for (const c of config.contracts) {
      const market = engine.market(c.contract);
      if (c.levels < 1 || c.halfSpreadTicks < 0 || c.levelGapTicks < 1) {
        throw new OtsError(
          'invalid-param',
          `${c.contract}: levels >= 1, halfSpreadTicks >= 0, levelGapTicks >= 1`,
        );
      }
      const start = engine.lastPrice(c.contract) ?? c.fairPrice;
      if (!(start > 0)) throw new OtsError('invalid-param', `${c.contract}: fairPrice must be positive`);
      const agents: ContractAgents = {
        config: c,
        market,
        maker: engine.agentAccount(`~agent/maker/${c.contract}`),
        taker: engine.agentAccount(`~agent/taker/${c.contract}`),
        logFair: Math.log(start),
        quotes: [],
        baseNeed: Math.max(c.levels * c.maxQuoteAmount, c.maxTakerAmount),
      };
      this.agents.push(agents);
      this.byContract.set(c.contract, agents);
    }
    for (const a of this.agents) {
      const cross = a.config.crossOf;
      if (cross && (!this.byContract.has(cross.numerator) || !this.byContract.has(cross.denominator))) {
        throw new OtsError(
          'invalid-param',
          `${a.config.contract}: crossOf needs both legs in the market config`,
        );
      }
    }
  }

  /** The current fair price of a contract. */
  fairPrice(contract: string): number {
    const a = this.byContract.get(contract);
    if (a === undefined)
      throw new OtsError('contract-not-exist', `${contract} is not in the synthetic market`);
    return Math.exp(this.logFairOf(a));
  }

  /**
   * Advances the market to `nowUs`: moves fair prices, requotes every maker and sends the takers
   * due in the elapsed time. Call it on a timer (every 50-100 ms gives a tick every 100-500 ms).
   */
  step(nowUs: number): void {
    const dt = this.lastUs === null ? 0 : Math.max(0, (nowUs - this.lastUs) / 1e6);
    this.lastUs = nowUs;
    const r = this.random;
    for (const a of this.agents) {
      if (!a.config.crossOf && dt > 0) a.logFair += a.config.volatility * Math.sqrt(dt) * r.normal();
    }
    for (const a of this.agents) {
      this.fund(a);
      this.requote(a, nowUs);
    }
    for (const a of this.agents) {
      const expected = a.config.takerRate * dt;
      let count = Math.floor(expected);
      if (r.next() < expected - count) count++;
      for (let i = 0; i < count; i++) this.take(a, nowUs);
    }
  }

  private logFairOf(a: ContractAgents): number {
    const cross = a.config.crossOf;
    if (!cross) return a.logFair;
    return (
      this.logFairOf(this.byContract.get(cross.numerator)!) -
      this.logFairOf(this.byContract.get(cross.denominator)!)
    );
  }

  private requote(a: ContractAgents, nowUs: number): void {
    const { engine, random: r } = this;
    for (const q of a.quotes) engine.agentCancel(q, nowUs);
    a.quotes.length = 0;
    const m = a.market;
    const c = a.config;
    const fairTicks = Math.exp(this.logFairOf(a)) / stepsToNumber(1, m.tick);
    const bestBid = Math.floor(fairTicks) - c.halfSpreadTicks;
    const bestAsk = Math.ceil(fairTicks) + c.halfSpreadTicks;
    const minLots = this.lots(m, c.minQuoteAmount);
    const maxLots = this.lots(m, c.maxQuoteAmount);
    for (let i = 0; i < c.levels; i++) {
      const bid = engine.agentPlace(
        a.maker,
        m,
        'b',
        bestBid - i * c.levelGapTicks,
        r.int(minLots, maxLots),
        false,
        nowUs,
      );
      if (bid) a.quotes.push(bid);
      const ask = engine.agentPlace(
        a.maker,
        m,
        's',
        bestAsk + i * c.levelGapTicks,
        r.int(minLots, maxLots),
        false,
        nowUs,
      );
      if (ask) a.quotes.push(ask);
    }
  }

  /** One IOC order that sweeps up to three levels of the other side. */
  private take(a: ContractAgents, nowUs: number): void {
    const r = this.random;
    const m = a.market;
    const c = a.config;
    const bs: Side = r.chance(0.5) ? 'b' : 's';
    const fairTicks = Math.exp(this.logFairOf(a)) / stepsToNumber(1, m.tick);
    const reach = c.halfSpreadTicks + 2 * c.levelGapTicks;
    const ticks = bs === 'b' ? Math.ceil(fairTicks) + reach : Math.floor(fairTicks) - reach;
    const lots = r.int(this.lots(m, c.minTakerAmount), this.lots(m, c.maxTakerAmount));
    this.engine.agentPlace(a.taker, m, bs, ticks, lots, true, nowUs);
  }

  /** Tops agents up so drifting inventory never silences them. */
  private fund(a: ContractAgents): void {
    const m = a.market;
    const baseNeed = a.baseNeed;
    const quoteNeed = baseNeed * Math.exp(this.logFairOf(a)) * 2;
    for (const agent of [a.maker, a.taker]) {
      this.topUp(agent, m.base.index, m.base.name, m.base.decimals, baseNeed);
      this.topUp(agent, m.quote.index, m.quote.name, m.quote.decimals, quoteNeed);
    }
  }

  private topUp(agent: Account, index: number, currency: string, decimals: number, need: number): void {
    const needUnits = Math.ceil(need * 10 ** decimals);
    if (agent.available[index] >= 2 * needUnits) return;
    const amount = (needUnits * INVENTORY_MULTIPLE) / 10 ** decimals;
    this.engine.agentDeposit(agent, currency, amount);
  }

  private lots(m: Market, amount: number): number {
    return Math.max(
      1,
      stepsOf(amount, m.lot) > 0 ? stepsOf(amount, m.lot) : Math.round(amount / stepsToNumber(1, m.lot)),
    );
  }
}
