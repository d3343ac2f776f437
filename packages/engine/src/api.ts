/**
 * The engine's published interface: what the gateway (the sim venue, the paper venue) calls and
 * what it receives. Commands in, events out, depth and trades for ticks.
 *
 * Everything is synchronous and deterministic: time (`nowUs`, epoch microseconds, an integer) and
 * randomness (a seed) are passed in; the engine never reads a clock, starts a timer or does I/O.
 * Numbers on this interface are the protocol's numbers (price 9218.5, amount 0.01); inside, the
 * engine works in integer ticks (`min_change`) and lots (`unit_amount`).
 */
import type { DealtTrans, Order, Side } from '@ots/protocol';

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
  /** Fee rates as fractions (0.001 = 0.1%), charged in the currency received. */
  maker_fee: number;
  taker_fee: number;
}

export interface EngineConfig {
  contracts: EngineContract[];
  /** The currency that `info` values in (`balance`, `market_value`); default `usdt`. */
  valuationCurrency?: string;
  /** CNY per unit of the valuation currency, for the fields the protocol calls CNY; default 1. */
  cnyRate?: number;
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

/** What a command returned: the order touched (place, cancel, amend) or nothing (deposit). */
export type CommandResult = { ok: true; order?: Order } | { ok: false; code: string; message: string };

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

/** Events, in the order they happened, delivered synchronously to the sink given to the engine. */
export type EngineEvent =
  | { kind: 'command'; seq: number; timeUs: number; command: EngineCommand }
  | { kind: 'order'; order: Order }
  | { kind: 'fill'; fill: DealtTrans }
  | { kind: 'trade'; trade: EngineTrade }
  | { kind: 'balance'; account: string; currency: string; available: number; frozen: number };

export type EventSink = (event: EngineEvent) => void;
