/**
 * Zhubi (逐笔): one trade on an exchange as the quote sockets and REST send it (reference §1.2).
 */

import { describeValue } from './describe-value.js';
import { OtsError } from './errors.js';
import type { Side } from './order.js';
import { type TimeInput, Timestamp, toTimestamp } from './timestamp.js';
import {
  optionalIsoTime,
  optionalNumber,
  optionalString,
  requireIsoTime,
  requireNumber,
  requireString,
  type WireObject,
  wireObject,
} from './wire-read.js';

export interface ZhubiInit {
  /** 1Token (here: the gateway's) time of the trade. */
  time: TimeInput;
  /** The exchange's time of the trade, when it gives one. */
  exchange_time?: TimeInput | null;
  contract: string;
  price: number;
  /** Traded quantity in the base asset. */
  amount: number;
  /** The taker's side. */
  bs: Side;
  source?: string | null;
  /** Turnover in the valuation currency the protocol calls CNY (`v` of the v3 form). */
  turnover?: number | null;
}

/**
 * The verbose wire form (`single-zhubi-verbose` items, REST zhubi lists), keys in the server's order.
 * `exchange_time` is always written, `null` when unknown, because PYSDK reads it unconditionally.
 */
export interface VerboseZhubi {
  amount: number;
  bs: Side;
  contract: string;
  exchange_time: string | null;
  price: number;
  time: string;
  source?: string;
}

/** The compact v3 form: `t` and `et` are float epoch seconds; `v` and `et` only when known. */
export interface ZhubiV3 {
  p: number;
  a: number;
  v?: number;
  bs: Side;
  c: string;
  t: number;
  et?: number;
}

/**
 * A trade. `amount` is the traded quantity in the base asset, as the protocol's data-structure docs
 * define it (its 2018 history page called it CNY turnover; that value is `turnover` here).
 */
export class Zhubi {
  timestamp: Timestamp;
  exchangeTimestamp: Timestamp | null;
  contract: string;
  price: number;
  amount: number;
  bs: Side;
  source: string | null;
  turnover: number | null;

  constructor(init: ZhubiInit) {
    if (init === null || typeof init !== 'object') {
      throw new OtsError('invalid-param', `Zhubi expects an object of fields, got ${describeValue(init)}`);
    }
    this.timestamp = toTimestamp(init.time, 'zhubi time');
    this.exchangeTimestamp =
      init.exchange_time === undefined || init.exchange_time === null
        ? null
        : toTimestamp(init.exchange_time, 'zhubi exchange_time');
    if (typeof init.contract !== 'string' || init.contract === '') {
      throw new OtsError(
        'invalid-param',
        `zhubi contract must be a non-empty string, got ${describeValue(init.contract)}`,
      );
    }
    this.contract = init.contract;
    this.price = finite(init.price, 'price');
    this.amount = finite(init.amount, 'amount');
    this.bs = side(init.bs);
    if (init.source !== undefined && init.source !== null && typeof init.source !== 'string') {
      throw new OtsError(
        'invalid-param',
        `zhubi source must be a string or null, got ${describeValue(init.source)}`,
      );
    }
    this.source = init.source ?? null;
    this.turnover =
      init.turnover === undefined || init.turnover === null ? null : finite(init.turnover, 'turnover');
  }

  /** The trade time as a Date (`timestamp` keeps the microseconds and the offset). */
  get time(): Date {
    return this.timestamp.toDate();
  }

  /** The exchange's time as a Date, or null. */
  get exchange_time(): Date | null {
    return this.exchangeTimestamp ? this.exchangeTimestamp.toDate() : null;
  }

  /** The verbose wire form: `{amount, bs, contract, exchange_time, price, time}` plus `source` when set. */
  toVerbose(): VerboseZhubi {
    const out: VerboseZhubi = {
      amount: this.amount,
      bs: this.bs,
      contract: this.contract,
      exchange_time: this.exchangeTimestamp ? this.exchangeTimestamp.toIso() : null,
      price: this.price,
      time: this.timestamp.toIso(),
    };
    if (this.source !== null) out.source = this.source;
    return out;
  }

  /**
   * Reads the verbose form (an object or its JSON text). Requires `time` (ISO), `contract`, `price`,
   * `amount` and `bs`; `exchange_time` and `source` may be missing or null.
   */
  static fromDict(input: unknown): Zhubi {
    const obj: WireObject = wireObject(input, 'zhubi');
    const kind = 'zhubi';
    return new Zhubi({
      time: requireIsoTime(obj, 'time', kind),
      exchange_time: optionalIsoTime(obj, 'exchange_time', kind),
      contract: requireString(obj, 'contract', kind),
      price: requireNumber(obj, 'price', kind),
      amount: requireNumber(obj, 'amount', kind),
      bs: requireSide(obj, 'bs', kind),
      source: optionalString(obj, 'source', kind),
    });
  }

  /** The v3 short form `{p, a, v, bs, c, t, et}` (times as float epoch seconds). */
  toV3(): ZhubiV3 {
    const out: ZhubiV3 = { p: this.price, a: this.amount } as ZhubiV3;
    if (this.turnover !== null) out.v = this.turnover;
    out.bs = this.bs;
    out.c = this.contract;
    out.t = this.timestamp.toEpochSeconds();
    if (this.exchangeTimestamp) out.et = this.exchangeTimestamp.toEpochSeconds();
    return out;
  }

  /** Reads the v3 short form (an object or its JSON text); the times come back in UTC. */
  static fromV3(input: unknown): Zhubi {
    const obj: WireObject = wireObject(input, 'zhubi v3');
    const kind = 'zhubi v3';
    const et = optionalNumber(obj, 'et', kind);
    return new Zhubi({
      price: requireNumber(obj, 'p', kind),
      amount: requireNumber(obj, 'a', kind),
      turnover: optionalNumber(obj, 'v', kind),
      bs: requireSide(obj, 'bs', kind),
      contract: requireString(obj, 'c', kind),
      time: Timestamp.fromEpochSeconds(requireNumber(obj, 't', kind)),
      exchange_time: et === null ? null : Timestamp.fromEpochSeconds(et),
    });
  }

  /** `JSON.stringify(zhubi)` gives the verbose wire form. */
  toJSON(): VerboseZhubi {
    return this.toVerbose();
  }
}

function finite(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new OtsError('invalid-param', `zhubi ${key} must be a finite number, got ${describeValue(value)}`);
}

function side(value: unknown): Side {
  if (value === 'b' || value === 's') return value;
  throw new OtsError('invalid-param', `zhubi bs must be "b" or "s", got ${describeValue(value)}`);
}

function requireSide(obj: WireObject, key: string, kind: string): Side {
  const value = obj[key];
  if (value === 'b' || value === 's') return value;
  const problem = value === undefined ? 'is missing' : `is ${describeValue(value)}`;
  throw new OtsError('invalid-param', `${kind} ${key} ${problem}: expected "b" or "s"`);
}
