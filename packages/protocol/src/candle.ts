/**
 * Candles (OHLC bars) as the candle socket pushes them (reference §1.3, §3.5), and the durations
 * it serves.
 */

import { describeValue } from './describe-value.js';
import { OtsError } from './errors.js';
import { type TimeInput, Timestamp, toTimestamp } from './timestamp.js';
import {
  optionalNumber,
  requireIsoTime,
  requireNumber,
  requireString,
  type WireObject,
  wireObject,
} from './wire-read.js';

/** The durations of the candle socket, shortest first. */
export const CANDLE_DURATIONS = ['1m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '1d', '1w'] as const;

export type CandleDuration = (typeof CANDLE_DURATIONS)[number];

/** Length of each duration in seconds. */
export const CANDLE_DURATION_SECONDS: Readonly<Record<CandleDuration, number>> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '4h': 14_400,
  '6h': 21_600,
  '1d': 86_400,
  '1w': 604_800,
};

/** Weekly candles start on Monday 00:00 UTC; 1970-01-05 was the first Monday after the epoch. */
const WEEK_ORIGIN_MICROS = 4 * 86_400 * 1_000_000;

export function isCandleDuration(value: unknown): value is CandleDuration {
  return typeof value === 'string' && Object.hasOwn(CANDLE_DURATION_SECONDS, value);
}

/** The duration's length in seconds; an unknown duration is `invalid-param` naming it. */
export function candleDurationSeconds(duration: string): number {
  return CANDLE_DURATION_SECONDS[checkDuration(duration)];
}

/**
 * The start of the candle of `duration` that holds `time`. Candles are aligned in UTC: a `1d` candle
 * starts at 00:00 UTC and a `1w` candle on Monday 00:00 UTC. The result keeps the input's offset.
 */
export function candleStart(time: TimeInput, duration: CandleDuration): Timestamp {
  const ts = toTimestamp(time, 'candle time');
  const length = candleDurationSeconds(duration) * 1_000_000;
  const origin = duration === '1w' ? WEEK_ORIGIN_MICROS : 0;
  const start = Math.floor((ts.epochMicros - origin) / length) * length + origin;
  return Timestamp.fromEpochMicros(start, ts.offsetMinutes);
}

export interface CandleInit {
  /** The candle's start. */
  time: TimeInput;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Traded quantity in the base asset. */
  volume: number;
  /** Turnover in the valuation currency the protocol calls CNY, when known. */
  amount?: number | null;
  contract: string;
  duration: CandleDuration;
}

/**
 * The wire candle, keys in the order of the protocol's example:
 * `{"amount", "close", "high", "low", "open", "volume", "contract", "duration", "time"}`, `time` in UTC
 * with `Z` (`2018-05-03T07:30:00Z`). `amount` is left out when unknown.
 */
export interface CandleWire {
  amount?: number;
  close: number;
  high: number;
  low: number;
  open: number;
  volume: number;
  contract: string;
  duration: CandleDuration;
  time: string;
}

/** The candle socket's push (2020 form): the wire candle with `uri: "single-candle"` in front. */
export interface CandlePush extends CandleWire {
  uri: 'single-candle';
}

/**
 * A candle. `volume` is the quantity and `amount` the turnover, as in ticks and the first candle
 * example; the 2018 docs' comments had the two swapped.
 */
export class Candle {
  timestamp: Timestamp;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  amount: number | null;
  contract: string;
  duration: CandleDuration;

  constructor(init: CandleInit) {
    if (init === null || typeof init !== 'object') {
      throw new OtsError('invalid-param', `Candle expects an object of fields, got ${describeValue(init)}`);
    }
    this.timestamp = toTimestamp(init.time, 'candle time');
    this.open = finite(init.open, 'open');
    this.high = finite(init.high, 'high');
    this.low = finite(init.low, 'low');
    this.close = finite(init.close, 'close');
    this.volume = finite(init.volume, 'volume');
    this.amount = init.amount === undefined || init.amount === null ? null : finite(init.amount, 'amount');
    if (typeof init.contract !== 'string' || init.contract === '') {
      throw new OtsError(
        'invalid-param',
        `candle contract must be a non-empty string, got ${describeValue(init.contract)}`,
      );
    }
    this.contract = init.contract;
    this.duration = checkDuration(init.duration);
  }

  /** The candle's start as a Date. */
  get time(): Date {
    return this.timestamp.toDate();
  }

  /** The wire candle (see `CandleWire`). */
  toDict(): CandleWire {
    const out = {} as CandleWire;
    if (this.amount !== null) out.amount = this.amount;
    out.close = this.close;
    out.high = this.high;
    out.low = this.low;
    out.open = this.open;
    out.volume = this.volume;
    out.contract = this.contract;
    out.duration = this.duration;
    out.time = this.timestamp.toIsoZulu();
    return out;
  }

  /** The socket push: `{"uri": "single-candle", ...toDict()}`. */
  toPush(): CandlePush {
    return { uri: 'single-candle', ...this.toDict() };
  }

  /**
   * Reads a candle (an object or its JSON text) in any form a server sent: bare (2018), with
   * `uri: "single-candle"` (2020), or wrapped in `{"data": {...}}` (accepted by PYSDK). Requires
   * `time` (ISO), `open`, `high`, `low`, `close`, `volume`, `contract` and `duration`.
   */
  static fromDict(input: unknown): Candle {
    let obj: WireObject = wireObject(input, 'candle');
    if (obj.data !== undefined && obj.open === undefined) obj = wireObject(obj.data, 'candle data');
    const kind = 'candle';
    const duration = requireString(obj, 'duration', kind);
    if (!isCandleDuration(duration)) {
      throw new OtsError(
        'invalid-param',
        `candle duration is ${JSON.stringify(duration)}: ${DURATION_EXPECTED}`,
      );
    }
    return new Candle({
      time: requireIsoTime(obj, 'time', kind),
      open: requireNumber(obj, 'open', kind),
      high: requireNumber(obj, 'high', kind),
      low: requireNumber(obj, 'low', kind),
      close: requireNumber(obj, 'close', kind),
      volume: requireNumber(obj, 'volume', kind),
      amount: optionalNumber(obj, 'amount', kind),
      contract: requireString(obj, 'contract', kind),
      duration,
    });
  }

  /** `JSON.stringify(candle)` gives the wire candle. */
  toJSON(): CandleWire {
    return this.toDict();
  }
}

const DURATION_EXPECTED = `expected one of ${CANDLE_DURATIONS.join(', ')}`;

function checkDuration(duration: unknown): CandleDuration {
  if (isCandleDuration(duration)) return duration;
  throw new OtsError(
    'invalid-param',
    `unknown candle duration ${describeValue(duration)}: ${DURATION_EXPECTED}`,
  );
}

function finite(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new OtsError('invalid-param', `candle ${key} must be a finite number, got ${describeValue(value)}`);
}
