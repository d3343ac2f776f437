/**
 * The market snapshot of one contract (reference §1.1): last price, traded volume since the previous
 * tick and the order book, with the original SDK's helpers and every conversion it had.
 */

import { type BookLevel, parseShortSideText, readBookSide, shortSideText } from './book.js';
import { describeValue } from './describe-value.js';
import { OtsError } from './errors.js';
import { pyFloat, pyJsonDumps } from './pyfloat.js';
import { type TimeInput, Timestamp, toTimestamp } from './timestamp.js';
import {
  optionalIsoTime,
  optionalNumber,
  optionalString,
  requireArray,
  requireIsoTime,
  requireNumber,
  requireString,
  type WireObject,
  wireObject,
} from './wire-read.js';

/** What `new Tick(...)` takes. Times may be a Timestamp, a Date, an ISO string or float epoch seconds. */
export interface TickInit {
  time: TimeInput;
  /** Last trade price (`last` on the wire). */
  price: number;
  /** Quantity traded since the previous tick, in the base asset (contracts for futures). Default 0. */
  volume?: number;
  bids?: readonly BookLevel[] | null;
  asks?: readonly BookLevel[] | null;
  contract?: string | null;
  source?: string | null;
  exchange_time?: TimeInput | null;
  /** Turnover since the previous tick, in the valuation currency the protocol calls CNY. */
  amount?: number | null;
}

/**
 * What `Tick.fromTrustedLevels` takes: the fields of a tick as it holds them, already checked by the
 * caller (finite numbers; levels finite, bids by price descending and asks ascending).
 */
export interface TrustedTickFields {
  timestamp: Timestamp;
  exchangeTimestamp: Timestamp | null;
  price: number;
  volume: number;
  bids: BookLevel[];
  asks: BookLevel[];
  contract: string | null;
  source: string | null;
  amount: number | null;
}

/**
 * What `Tick.fromPackedLevels` takes: as `TrustedTickFields`, but each book side flat,
 * `[price1, volume1, price2, volume2, ...]` (finite numbers, bids by price descending and asks
 * ascending), which costs one array per side instead of an object per level.
 */
export interface PackedTickFields extends Omit<TrustedTickFields, 'bids' | 'asks'> {
  bids: readonly number[];
  asks: readonly number[];
}

// `fromTrustedLevels` and `fromPackedLevels` go through the constructor (so that every tick has the
// same shape for the JIT) and hand it the fields here; the marker says which path was asked for.
const TRUSTED_MARKER = Object.freeze({ time: 0, price: 0 }) as TickInit;
let trustedFields: TrustedTickFields | undefined;
let packedFields: PackedTickFields | undefined;

/**
 * The server's verbose wire tick (`single-tick-verbose` data, REST single-tick, recorded JSON lines),
 * keys in the order the server writes them.
 */
export interface VerboseTick {
  asks: BookLevel[];
  bids: BookLevel[];
  contract: string | null;
  last: number;
  time: string;
  exchange_time?: string;
  amount?: number;
  volume: number;
  source?: string;
}

/** `Tick.toDict()`: the SDK's own dict form, which names the price `price` and the contract `symbol`. */
export interface TickDict {
  time: string;
  price: number;
  volume: number;
  asks: BookLevel[];
  bids: BookLevel[];
  exchange_time?: string;
  symbol?: string;
}

/** `Tick.toMongoDict()`: like `toDict` but with a Date and the key `contract`. */
export interface TickMongoDict {
  time: Date;
  price: number;
  volume: number;
  asks: BookLevel[];
  bids: BookLevel[];
  contract?: string;
}

/** `[contract, epoch seconds, price, volume, "p1,v1,p2,v2", "p1,v1,..."]`. */
export type TickShortList = [
  contract: string | null,
  time: number,
  price: number,
  volume: number,
  bids: string,
  asks: string,
];

/**
 * A tick. Bids are kept sorted by price descending and asks ascending. The time is held to the
 * microsecond with the UTC offset it arrived in (`timestamp`), so ISO strings and epoch floats
 * round-trip exactly; `time` reads it as a Date.
 *
 * Fields are mutable as in the original SDK. Absent optional values (`contract`, `source`,
 * `exchange_time`, `amount`) are `null`; helpers with no answer (`bid1` of an empty side,
 * `weightedMiddle` of an empty book) give `undefined` where the Python SDK gave None or raised.
 */
export class Tick {
  timestamp: Timestamp;
  exchangeTimestamp: Timestamp | null;
  price: number;
  volume: number;
  // The book sides behind `bids` and `asks`: level objects, or until first read a flat copy (see
  // `fromPackedLevels`) that the getters turn into level objects once. Exactly one of each pair is set.
  #bids: BookLevel[] | undefined;
  #asks: BookLevel[] | undefined;
  #packedBids: readonly number[] | undefined;
  #packedAsks: readonly number[] | undefined;
  contract: string | null;
  source: string | null;
  amount: number | null;

  constructor(init: TickInit) {
    if (init === TRUSTED_MARKER && (trustedFields !== undefined || packedFields !== undefined)) {
      const fields = (trustedFields ?? packedFields) as TrustedTickFields | PackedTickFields;
      this.timestamp = fields.timestamp;
      this.exchangeTimestamp = fields.exchangeTimestamp;
      this.price = fields.price;
      this.volume = fields.volume;
      if (trustedFields !== undefined) {
        this.#bids = trustedFields.bids;
        this.#asks = trustedFields.asks;
      } else {
        this.#packedBids = (fields as PackedTickFields).bids;
        this.#packedAsks = (fields as PackedTickFields).asks;
      }
      trustedFields = undefined;
      packedFields = undefined;
      this.contract = fields.contract;
      this.source = fields.source;
      this.amount = fields.amount;
      return;
    }
    if (init === null || typeof init !== 'object') {
      throw new OtsError('invalid-param', `Tick expects an object of fields, got ${describeValue(init)}`);
    }
    this.timestamp = toTimestamp(init.time, 'tick time');
    this.exchangeTimestamp =
      init.exchange_time === undefined || init.exchange_time === null
        ? null
        : toTimestamp(init.exchange_time, 'tick exchange_time');
    this.price = finite(init.price, 'price');
    this.volume = init.volume === undefined ? 0 : finite(init.volume, 'volume');
    this.#bids = readBookSide(init.bids, 'bids');
    this.#asks = readBookSide(init.asks, 'asks');
    this.contract = nullableString(init.contract, 'contract');
    this.source = nullableString(init.source, 'source');
    this.amount = init.amount === undefined || init.amount === null ? null : finite(init.amount, 'amount');
  }

  /**
   * A tick from fields its producer has already checked, for hot paths such as a venue normalising
   * an exchange's book at every update: nothing is validated, sorted or copied; the tick takes the
   * level arrays as they are (the caller must not change them afterwards). Input that has not been
   * checked (wire data, user values) goes through `new Tick(...)`, which validates and copies.
   */
  static fromTrustedLevels(fields: TrustedTickFields): Tick {
    trustedFields = fields;
    return new Tick(TRUSTED_MARKER);
  }

  /**
   * Like `fromTrustedLevels`, with each book side flat (`[price1, volume1, ...]`, already checked and
   * in order): for a venue that builds a tick at every book update, where allocating an object per
   * level was the larger part of the cost. `bids` and `asks` are made from the flat sides the first
   * time they are read, so every reader sees the same levels as with `fromTrustedLevels`. The tick
   * keeps the arrays (several ticks may share them); nobody may change them afterwards.
   */
  static fromPackedLevels(fields: PackedTickFields): Tick {
    packedFields = fields;
    return new Tick(TRUSTED_MARKER);
  }

  /** The bids, best (highest price) first. */
  get bids(): BookLevel[] {
    if (this.#bids === undefined) {
      this.#bids = unpackLevels(this.#packedBids);
      this.#packedBids = undefined;
    }
    return this.#bids;
  }

  set bids(levels: BookLevel[]) {
    this.#bids = levels;
    this.#packedBids = undefined;
  }

  /** The asks, best (lowest price) first. */
  get asks(): BookLevel[] {
    if (this.#asks === undefined) {
      this.#asks = unpackLevels(this.#packedAsks);
      this.#packedAsks = undefined;
    }
    return this.#asks;
  }

  set asks(levels: BookLevel[]) {
    this.#asks = levels;
    this.#packedAsks = undefined;
  }

  /** The snapshot time as a Date (milliseconds; `timestamp` keeps the microseconds and offset). */
  get time(): Date {
    return this.timestamp.toDate();
  }

  set time(value: TimeInput) {
    this.timestamp = toTimestamp(value, 'tick time');
  }

  /** The exchange's own time as a Date, or null. */
  get exchange_time(): Date | null {
    return this.exchangeTimestamp ? this.exchangeTimestamp.toDate() : null;
  }

  set exchange_time(value: TimeInput | null) {
    this.exchangeTimestamp = value === null ? null : toTimestamp(value, 'tick exchange_time');
  }

  /** The wire name of `price`; reading and writing both work. */
  get last(): number {
    return this.price;
  }

  set last(value: number) {
    this.price = value;
  }

  /** Best bid price; undefined when there are no bids. */
  get bid1(): number | undefined {
    return this.bids.length > 0 ? this.bids[0].price : undefined;
  }

  /** Best ask price; undefined when there are no asks. */
  get ask1(): number | undefined {
    return this.asks.length > 0 ? this.asks[0].price : undefined;
  }

  /**
   * The micro-price: each side's best price weighted by the opposite side's volume,
   * `(bid1 * askVolume1 + ask1 * bidVolume1) / (askVolume1 + bidVolume1)`. Undefined when a side is
   * empty or both best volumes are 0 (the Python SDK raised IndexError or ZeroDivisionError there).
   */
  get weightedMiddle(): number | undefined {
    if (this.bids.length === 0 || this.asks.length === 0) return undefined;
    const bid = this.bids[0];
    const ask = this.asks[0];
    const totalVolume = ask.volume + bid.volume;
    if (totalVolume === 0) return undefined;
    return (bid.price * ask.volume + ask.price * bid.volume) / totalVolume;
  }

  /** `(ask1 + bid1) / 2`; undefined when a side is empty. */
  get middle(): number | undefined {
    if (this.bids.length === 0 || this.asks.length === 0) return undefined;
    return (this.asks[0].price + this.bids[0].price) / 2;
  }

  /** `'b'` gives `bid1`; anything else gives `ask1` (as in the original SDK). */
  bs1(bs: string): number | undefined {
    return bs === 'b' ? this.bid1 : this.ask1;
  }

  /** The side an order of side `bs` would trade against: `'s'` gives bids, `'b'` asks, else undefined. */
  getInterestSide(bs: string): BookLevel[] | undefined {
    if (bs === 's') return this.bids;
    if (bs === 'b') return this.asks;
    return undefined;
  }

  /** A deep copy (book levels included). */
  copy(): Tick {
    return new Tick(this.#init());
  }

  /**
   * The SDK dict: `{time, price, volume, asks, bids}` plus `exchange_time` and `symbol` when set.
   * Compatibility quirk kept: the keys are `price` and `symbol` here, while the wire form and
   * `fromDict` use `last` and `contract`; `source` and `amount` are left out. `fromDct` reads it back.
   */
  toDict(): TickDict {
    const out: TickDict = {
      time: this.timestamp.toIso(),
      price: this.price,
      volume: this.volume,
      asks: copyLevels(this.asks),
      bids: copyLevels(this.bids),
    };
    if (this.exchangeTimestamp) out.exchange_time = this.exchangeTimestamp.toIso();
    if (this.contract) out.symbol = this.contract;
    return out;
  }

  /**
   * Reads `toDict()` output: `time` (ISO), `price`, `volume`, `bids`, `asks`, and `symbol` and
   * `exchange_time` when present. (The original read `symbol` as required and ignored `exchange_time`;
   * OTS accepts a dict without `symbol`, as `toDict` writes one, and keeps `exchange_time`.)
   */
  static fromDct(input: unknown): Tick {
    const obj = wireObject(input, 'tick dict');
    const kind = 'tick dict';
    return new Tick({
      time: requireIsoTime(obj, 'time', kind),
      price: requireNumber(obj, 'price', kind),
      volume: requireNumber(obj, 'volume', kind),
      bids: requireArray(obj, 'bids', kind) as BookLevel[],
      asks: requireArray(obj, 'asks', kind) as BookLevel[],
      contract: optionalString(obj, 'symbol', kind),
      exchange_time: optionalIsoTime(obj, 'exchange_time', kind),
    });
  }

  /** `{time: Date, price, volume, asks, bids}` plus `contract` when set (the Mongo form uses `contract`). */
  toMongoDict(): TickMongoDict {
    const out: TickMongoDict = {
      time: this.time,
      price: this.price,
      volume: this.volume,
      asks: copyLevels(this.asks),
      bids: copyLevels(this.bids),
    };
    if (this.contract) out.contract = this.contract;
    return out;
  }

  /**
   * Builds a tick from `toMongoDict()` output (`time` may be any time input). The original dropped the
   * contract; OTS reads `contract` when present so that the two are inverses.
   */
  static initWithDict(input: unknown): Tick {
    const obj = wireObject(input, 'tick dict');
    return new Tick({
      time: obj.time as TimeInput,
      price: obj.price as number,
      volume: obj.volume as number,
      bids: obj.bids as BookLevel[],
      asks: obj.asks as BookLevel[],
      contract: obj.contract as string | null | undefined,
    });
  }

  /** `[contract, epoch seconds, price, volume, bids text, asks text]` with Python float text in the sides. */
  toShortList(): TickShortList {
    return [
      this.contract,
      this.timestamp.toEpochSeconds(),
      this.price,
      this.volume,
      shortSideText(this.bids),
      shortSideText(this.asks),
    ];
  }

  /**
   * Reads `toShortList()` output. The time comes back in UTC (offset +00:00): the original used the
   * machine's local zone, which made the result depend on where it ran. `source`, `exchange_time` and
   * `amount` are not in the short list and come back null.
   */
  static fromShortList(list: unknown): Tick {
    if (!Array.isArray(list) || list.length !== 6) {
      throw new OtsError(
        'invalid-param',
        `tick short list must be [contract, epoch seconds, price, volume, bids, asks], got ${describeValue(list)}`,
      );
    }
    const [contract, time, price, volume, bids, asks] = list as unknown[];
    if (contract !== null && typeof contract !== 'string') {
      throw shortListError('contract', contract, 'a string or null');
    }
    if (typeof time !== 'number' || !Number.isFinite(time))
      throw shortListError('time', time, 'epoch seconds');
    if (typeof price !== 'number' || !Number.isFinite(price))
      throw shortListError('price', price, 'a finite number');
    if (typeof volume !== 'number' || !Number.isFinite(volume)) {
      throw shortListError('volume', volume, 'a finite number');
    }
    return new Tick({
      time: Timestamp.fromEpochSeconds(time),
      price,
      volume,
      bids: parseShortSideText(bids, 'bids'),
      asks: parseShortSideText(asks, 'asks'),
      contract,
    });
  }

  /**
   * The short list as Python's `json.dumps` writes it, byte for byte:
   * `["binance/adx.eth", 1514822513.352549, 0.0038349, 3.0, "0.0037978,1136.0,...", "..."]`.
   */
  toWsStr(): string {
    return pyJsonDumps(this.toShortList());
  }

  /** Reads `toWsStr()` output (the btp-era `from_ws_str`). */
  static fromWsStr(message: string): Tick {
    let list: unknown;
    try {
      list = JSON.parse(message);
    } catch (err) {
      throw new OtsError('invalid-param', `tick ws string is not valid JSON: ${(err as Error).message}`);
    }
    return Tick.fromShortList(list);
  }

  /**
   * The server's verbose wire tick, keys in the server's order: `asks, bids, contract, last, time`,
   * `exchange_time` and `amount` when set, `volume` always (SDKs require it), `source` when set.
   * The book levels are copies.
   */
  toVerbose(): VerboseTick {
    return this.#verbose(copyLevels(this.asks), copyLevels(this.bids));
  }

  /**
   * `JSON.stringify(this.toVerbose())` without copying the book: the gateway serialises every tick once
   * with it. (A hand-built string was measured too; once flattened for sending it was no faster than
   * V8's JSON.stringify, so the simpler form stays.)
   */
  toVerboseJson(): string {
    return JSON.stringify(this.#verbose(this.asks, this.bids));
  }

  /**
   * Reads a verbose wire tick (an object or its JSON text). Requires `time` (ISO), `contract`,
   * `volume`, `asks`, `bids` and `last`; reads `exchange_time`, `amount` and `source` when present
   * (the ots-era SDK ignored the first two; PYSDK read `exchange_time`).
   */
  static fromDict(input: unknown): Tick {
    const obj: WireObject = wireObject(input, 'tick');
    const kind = 'tick';
    return new Tick({
      time: requireIsoTime(obj, 'time', kind),
      contract: requireString(obj, 'contract', kind),
      volume: requireNumber(obj, 'volume', kind),
      asks: requireArray(obj, 'asks', kind) as BookLevel[],
      bids: requireArray(obj, 'bids', kind) as BookLevel[],
      price: requireNumber(obj, 'last', kind),
      source: optionalString(obj, 'source', kind),
      exchange_time: optionalIsoTime(obj, 'exchange_time', kind),
      amount: optionalNumber(obj, 'amount', kind),
    });
  }

  /** `JSON.stringify(tick)` gives the verbose wire tick. */
  toJSON(): VerboseTick {
    return this.toVerbose();
  }

  /** The original's string form: `<contract HH:MM:SS.mmm bid1/ask1 last volume>` in the tick's offset. */
  toString(): string {
    const iso = this.timestamp.toIso();
    const millis = iso.charCodeAt(19) === 46 /* . */ ? iso.slice(20, 23) : '000';
    const side = (p: number | undefined) => (p === undefined ? 'None' : pyFloat(p));
    return (
      `<${this.contract ?? 'None'} ${iso.slice(11, 19)}.${millis} ${side(this.bid1)}/${side(this.ask1)} ` +
      `${pyFloat(this.price)} ${pyFloat(this.volume)}>`
    );
  }

  /**
   * What `console.log(tick)` shows in Node: every field, the book sides included (they are
   * accessors, which Node's default view leaves out). Browsers never call it.
   */
  [Symbol.for('nodejs.util.inspect.custom')](
    _depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ): string {
    const fields = {
      timestamp: this.timestamp,
      exchangeTimestamp: this.exchangeTimestamp,
      price: this.price,
      volume: this.volume,
      bids: this.bids,
      asks: this.asks,
      contract: this.contract,
      source: this.source,
      amount: this.amount,
    };
    return `Tick ${inspect(fields, options)}`;
  }

  #verbose(asks: BookLevel[], bids: BookLevel[]): VerboseTick {
    const out = {
      asks,
      bids,
      contract: this.contract,
      last: this.price,
      time: this.timestamp.toIso(),
    } as VerboseTick;
    if (this.exchangeTimestamp) out.exchange_time = this.exchangeTimestamp.toIso();
    if (this.amount !== null) out.amount = this.amount;
    out.volume = this.volume;
    if (this.source !== null) out.source = this.source;
    return out;
  }

  #init(): TickInit {
    return {
      time: this.timestamp,
      price: this.price,
      volume: this.volume,
      bids: this.bids,
      asks: this.asks,
      contract: this.contract,
      source: this.source,
      exchange_time: this.exchangeTimestamp,
      amount: this.amount,
    };
  }
}

function finite(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new OtsError('invalid-param', `tick ${key} must be a finite number, got ${describeValue(value)}`);
}

function nullableString(value: unknown, key: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  throw new OtsError('invalid-param', `tick ${key} must be a string or null, got ${describeValue(value)}`);
}

function shortListError(key: string, value: unknown, expected: string): OtsError {
  return new OtsError(
    'invalid-param',
    `tick short list ${key} is ${describeValue(value)}: expected ${expected}`,
  );
}

/** `[price1, volume1, price2, volume2, ...]` as level objects (no flat side: no levels). */
function unpackLevels(flat: readonly number[] | undefined): BookLevel[] {
  if (flat === undefined) return [];
  const levels: BookLevel[] = new Array(flat.length >> 1);
  for (let i = 0, j = 0; j + 1 < flat.length; i++, j += 2) {
    levels[i] = { price: flat[j] as number, volume: flat[j + 1] as number };
  }
  return levels;
}

function copyLevels(levels: readonly BookLevel[]): BookLevel[] {
  return levels.map((l) => ({ price: l.price, volume: l.volume }));
}
