/**
 * The engine's published interface: what the gateway (the sim venue, the paper venue) calls and
 * what it receives. Commands in, events out, depth and trades for ticks.
 *
 * Everything is synchronous and deterministic: time (`nowUs`, epoch microseconds, an integer) and
 * randomness (a seed) are passed in; the engine never reads a clock, starts a timer or does I/O.
 * Numbers on this interface are the protocol's numbers (price 9218.5, amount 0.01); inside, the
 * engine works in integer ticks (`min_change`) and lots (`unit_amount`).
 */
import type { DealtTrans, InfoData, Order, OrderStatus, Side } from '@ots/protocol';

/** One tradable contract of the engine. */
export interface EngineContract {
  /** `{exchange}/{base}.{quote}`, e.g. `sim/btc.usdt`. */
  symbol: string;
  base: string;
  quote: string;
  min_change: number;
  min_amount: number;
  unit_amount: number;
  min_notional: number;
  /**
   * Fee rates as fractions (0.001 = 0.1%), charged in the currency received, rounded up to that
   * currency's smallest unit. A rate must be a multiple of 1e-7 (0.00001%).
   */
  maker_fee: number;
  taker_fee: number;
}

export interface EngineConfig {
  contracts: EngineContract[];
  /** The currency that `info` values in (`balance`, `market_value`); default `usdt`. */
  valuationCurrency?: string;
  /** CNY per unit of the valuation currency, for the fields the protocol calls CNY; default 1. */
  cnyRate?: number;
  /**
   * Finished orders (and fills) kept per account for `getOrder`/`orders`/`fills`; older ones are
   * forgotten by the engine (the gateway's store keeps them). Default 100.
   */
  retainPerAccount?: number;
  /**
   * Balances are integers of `10^-decimals` of each currency, with decimals the larger of what the
   * contracts' steps need and this; default 8. Fees round up to that unit. Any one balance and any
   * order's notional must stay below 2^53 units (90 million whole units at 8 decimals).
   */
  minCurrencyDecimals?: number;
}

export type OrderType = 'limit' | 'market' | 'ioc' | 'fok' | 'post_only';

/** A user command. Each accepted one becomes a journal entry (`EngineEvent` kind `command`). */
export type EngineCommand =
  | {
      kind: 'place';
      account: string;
      contract: string;
      bs: Side;
      price: number;
      amount: number;
      client_oid: string;
      /** `options.type` picks the order type; other keys are kept and ignored. */
      options?: Record<string, unknown>;
      tags?: Record<string, unknown>;
    }
  | { kind: 'cancel'; account: string; exchange_oid: string }
  | { kind: 'amend'; account: string; exchange_oid: string; price?: number; amount?: number }
  | { kind: 'deposit'; account: string; currency: string; amount: number };

/**
 * What a command returned: the order touched (place, cancel, amend) or nothing (deposit).
 * `exchange_oid` is there without building the wire `Order` (which formats dates): `order` is
 * built when first read.
 */
export type CommandResult =
  | { ok: true; exchange_oid?: string; order?: Order }
  | { ok: false; code: string; message: string };

/** A public trade, the material of zhubi and candles. `bs` is the taker's side. */
export interface EngineTrade {
  contract: string;
  price: number;
  amount: number;
  bs: Side;
  timeUs: number;
}

export interface DepthLevel {
  price: number;
  volume: number;
}

export interface Depth {
  bids: DepthLevel[];
  asks: DepthLevel[];
}

/** Traded base volume and quote turnover since the previous `takeTradeStats` of the contract. */
export interface TradeStats {
  volume: number;
  turnover: number;
}

/**
 * The exact, integer state of one user order: what the engine keeps and what `restore` needs.
 * Prices are ticks of `min_change`, amounts lots of `unit_amount`; money is in `units`, the
 * smallest unit of a currency (`currencyDecimals`). Plain JSON: store it as it is.
 */
export interface OrderRecord {
  /** The number in `exchange_oid` (`{contract}-{id}`). */
  id: number;
  account: string;
  contract: string;
  bs: Side;
  type: OrderType;
  client_oid: string;
  options: Record<string, unknown>;
  tags: Record<string, unknown>;
  priceTicks: number;
  lots: number;
  dealtLots: number;
  lastDealtLots: number;
  /** Sum of price x amount of the fills, in quote units. */
  dealtQuoteUnits: number;
  /** Fees paid so far, in units of the currency received (base for buys, quote for sells). */
  commissionUnits: number;
  /** Funds this order still holds frozen (quote units for a buy, base units for a sell). */
  frozenUnits: number;
  status: OrderStatus;
  version: number;
  /** Queue position: a global counter; lower is earlier at the same price. */
  priority: number;
  entrustUs: number;
  lastUpdateUs: number;
  canceledUs: number | null;
  closedUs: number | null;
}

/**
 * Events, in the order they happened, delivered synchronously to the sink given to the engine.
 * Only users' business appears: synthetic agents' orders and balances emit nothing except public
 * `trade`s (and the `order`/`fill`/`balance` of a user they trade with).
 *
 * Persist (in one transaction per `apply` or per `SyntheticMarket.step`) every event except
 * `trade`: that is the journal `Engine.restore` replays. Each event is plain JSON through `toJSON`
 * (`order` and `fill` objects are built lazily the first time they are read).
 */
export type EngineEvent =
  | { kind: 'command'; seq: number; timeUs: number; command: EngineCommand }
  | { kind: 'order'; order: Order; record: OrderRecord }
  | { kind: 'fill'; fill: DealtTrans }
  | { kind: 'trade'; trade: EngineTrade }
  /** One per account and currency changed by a command (or agent action), at its end. */
  | { kind: 'balance'; account: string; currency: string; available: number; frozen: number };

/** Receives events synchronously; it must not throw (the command is mid-way when events go out). */
export type EventSink = (event: EngineEvent) => void;

/** Which orders `orders(account, filter)` returns; every key narrows, none means all retained. */
export interface OrderFilter {
  statuses?: readonly OrderStatus[];
  contract?: string;
}

/**
 * The engine's state for users, exact and plain JSON (`Engine.snapshot()`). With the events that
 * followed it, `Engine.restore` rebuilds the same state.
 */
export interface EngineSnapshot {
  format: 1;
  /** The `seq` of the last command applied. */
  seq: number;
  nextOrderId: number;
  nextTradeId: number;
  nextPriority: number;
  /** account -> currency -> [available units, frozen units]. */
  balances: Record<string, Record<string, [number, number]>>;
  orders: OrderRecord[];
  fills: DealtTrans[];
  /** contract -> last trade price in ticks (0 when none). */
  lastTicks: Record<string, number>;
}

/** The read and write surface the gateway uses (implemented by `Engine`). */
export interface EngineApi {
  apply(command: EngineCommand, nowUs: number): CommandResult;
  depth(contract: string, levels: number): Depth;
  /** The last trade's price, or null before the first trade. */
  lastPrice(contract: string): number | null;
  takeTradeStats(contract: string): TradeStats;
  getOrder(account: string, exchange_oid: string): Order | undefined;
  findByClientOid(account: string, client_oid: string): Order | undefined;
  orders(account: string, filter?: OrderFilter): Order[];
  fills(account: string, contract?: string): DealtTrans[];
  info(account: string): InfoData;
  contracts(): readonly EngineContract[];
  snapshot(): EngineSnapshot;
}

/** One contract of the synthetic market. */
export interface SyntheticContractConfig {
  contract: string;
  /** Starting fair price (protocol number). Ignored for a `crossOf` contract. */
  fairPrice: number;
  /**
   * When set, the fair price is the ratio of two other contracts' fair prices
   * (`sim/eth.btc` = `sim/eth.usdt` / `sim/btc.usdt`), so the three stay consistent.
   */
  crossOf?: { numerator: string; denominator: string };
  /** Random-walk volatility: standard deviation of the log price per square-root second. */
  volatility: number;
  /** Distance of the best quotes from the fair price, in ticks, on each side. */
  halfSpreadTicks: number;
  /** Price gap between successive quote levels, in ticks. */
  levelGapTicks: number;
  /** Quote levels on each side. */
  levels: number;
  /** Quote size range per level, in protocol amounts. */
  minQuoteAmount: number;
  maxQuoteAmount: number;
  /** Taker orders per second on average. */
  takerRate: number;
  /** Taker size range, in protocol amounts. */
  minTakerAmount: number;
  maxTakerAmount: number;
}

export interface SyntheticMarketConfig {
  seed: number;
  contracts: SyntheticContractConfig[];
}
