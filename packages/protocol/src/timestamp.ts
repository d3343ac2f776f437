/**
 * A point in time to the microsecond, with the UTC offset it was written in: what a Python aware
 * `datetime` holds and what JavaScript's `Date` (milliseconds, no offset) cannot.
 *
 * The protocol writes times two ways: ISO strings with an offset (`2018-01-02T00:01:53.352549+08:00`,
 * Python's `isoformat()`) and float epoch seconds (`1514822513.352549`, Python's `timestamp()`). A
 * `Timestamp` reads and writes both exactly, so a time received from a server goes back out unchanged.
 *
 * The count of microseconds is a JS number, exact for years 1685 .. 2255 (|µs| < 2^53); times outside
 * that range are refused rather than silently rounded.
 */

import { describeValue } from './describe-value.js';
import { OtsError } from './errors.js';

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
const MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;
/** Python's `timezone` accepts offsets strictly inside ±24 h. */
const MAX_OFFSET_MINUTES = 24 * 60 - 1;

// YYYY-MM-DD, `T` (or a space, as Python's `str(datetime)` writes), HH:MM:SS, up to 9 fraction digits,
// then `Z` or an offset `±HH:MM` / `±HHMM`.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

const ISO_EXPECTED =
  'expected an ISO time such as 2018-01-02T00:01:53.352549+08:00 (offset Z, +08:00 or +0800)';

/** Anything a protocol time may arrive as: a Timestamp, a Date, an ISO string or float epoch seconds. */
export type TimeInput = Timestamp | Date | string | number;

export class Timestamp {
  /** Microseconds since 1970-01-01T00:00:00Z (an integer). */
  readonly epochMicros: number;
  /** The UTC offset the time is written in, in minutes (`480` for +08:00). */
  readonly offsetMinutes: number;
  #iso: string | undefined;

  private constructor(epochMicros: number, offsetMinutes: number) {
    this.epochMicros = epochMicros;
    this.offsetMinutes = offsetMinutes;
  }

  /** From integer epoch microseconds; `offsetMinutes` only chooses how the time is written. */
  static fromEpochMicros(epochMicros: number, offsetMinutes = 0): Timestamp {
    if (!Number.isSafeInteger(epochMicros)) {
      throw new OtsError(
        'invalid-param',
        `invalid epoch microseconds ${epochMicros}: expected an integer within ±2^53 (years 1685 .. 2255)`,
      );
    }
    return new Timestamp(epochMicros, checkOffset(offsetMinutes));
  }

  /**
   * From float epoch seconds (`1514822513.352549`), rounded to the nearest microsecond with ties to
   * even, the way Python's `datetime.fromtimestamp` rounds, so Python's floats come back exactly.
   */
  static fromEpochSeconds(seconds: number, offsetMinutes = 0): Timestamp {
    if (!Number.isFinite(seconds)) {
      throw new OtsError('invalid-param', `invalid epoch seconds ${seconds}: expected a finite number`);
    }
    const whole = Math.trunc(seconds);
    // Subtracting the integer part is exact; only the scaling of the fraction rounds, as in CPython.
    const micros = roundHalfEven((seconds - whole) * MICROS_PER_SECOND);
    return Timestamp.fromEpochMicros(whole * MICROS_PER_SECOND + micros, offsetMinutes);
  }

  /** From a Date (millisecond precision); `offsetMinutes` defaults to UTC. */
  static fromDate(date: Date, offsetMinutes = 0): Timestamp {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new OtsError('invalid-param', 'invalid Date: expected a valid Date');
    return Timestamp.fromEpochMicros(ms * 1000, offsetMinutes);
  }

  /** The current time in UTC, to the millisecond. Not for protocol hot paths. */
  static now(): Timestamp {
    return Timestamp.fromEpochMicros(Date.now() * 1000);
  }

  /**
   * Parses an ISO 8601 time with a UTC offset: `2018-01-02T00:01:53.352549+08:00`, `...Z`, `...+0800`,
   * 0 to 9 fraction digits (digits beyond the microsecond are cut off, not rounded). A time without an
   * offset is refused: the protocol's times are always aware.
   */
  static parse(iso: string): Timestamp {
    const m = typeof iso === 'string' ? ISO_PATTERN.exec(iso) : null;
    if (!m) throw new OtsError('invalid-param', `invalid time ${describeValue(iso)}: ${ISO_EXPECTED}`);
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = Number(m[6]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || year < 1) {
      throw new OtsError('invalid-param', `invalid time ${JSON.stringify(iso)}: no such date`);
    }
    if (hour > 23 || minute > 59 || second > 59) {
      throw new OtsError('invalid-param', `invalid time ${JSON.stringify(iso)}: no such time of day`);
    }
    const micros = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
    let offset = 0;
    if (!m[8]) {
      const offHours = Number(m[10]);
      const offMinutes = Number(m[11]);
      if (offMinutes > 59 || offHours > 23) {
        throw new OtsError('invalid-param', `invalid time ${JSON.stringify(iso)}: bad UTC offset`);
      }
      offset = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
    }
    const localSeconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    const epochMicros = localSeconds * MICROS_PER_SECOND + micros - offset * MICROS_PER_MINUTE;
    if (!Number.isSafeInteger(epochMicros)) {
      throw new OtsError('invalid-param', `invalid time ${JSON.stringify(iso)}: outside years 1685 .. 2255`);
    }
    return new Timestamp(epochMicros, offset);
  }

  /** Float epoch seconds, as Python's `datetime.timestamp()` gives them. */
  toEpochSeconds(): number {
    return this.epochMicros / MICROS_PER_SECOND;
  }

  /** A Date (the sub-millisecond part is dropped, rounding toward the past). */
  toDate(): Date {
    return new Date(Math.floor(this.epochMicros / 1000));
  }

  /** The same instant written in another offset. */
  withOffset(offsetMinutes: number): Timestamp {
    return offsetMinutes === this.offsetMinutes
      ? this
      : Timestamp.fromEpochMicros(this.epochMicros, offsetMinutes);
  }

  /**
   * Python's `isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM` in the stored offset, the fraction
   * left out when it is 0 and UTC written `+00:00`. Built without regular expressions and cached,
   * because the gateway writes it for every tick it sends.
   */
  toIso(): string {
    if (this.#iso === undefined) {
      this.#iso = this.#formatLocal() + formatOffset(this.offsetMinutes);
    }
    return this.#iso;
  }

  /** The instant in UTC written with `Z` (`2018-05-03T07:30:00Z`), as the candle socket writes it. */
  toIsoZulu(): string {
    return this.withOffset(0).#formatLocal() + 'Z';
  }

  /** True when both name the same instant (offsets may differ). */
  equals(other: Timestamp): boolean {
    return this.epochMicros === other.epochMicros;
  }

  toJSON(): string {
    return this.toIso();
  }

  toString(): string {
    return this.toIso();
  }

  #formatLocal(): string {
    const local = this.epochMicros + this.offsetMinutes * MICROS_PER_MINUTE;
    const days = Math.floor(local / MICROS_PER_DAY);
    const inDay = local - days * MICROS_PER_DAY;
    const secondOfDay = Math.floor(inDay / MICROS_PER_SECOND);
    const micros = inDay - secondOfDay * MICROS_PER_SECOND;
    const { year, month, day } = civilFromDays(days);
    const hour = Math.floor(secondOfDay / 3600);
    const minute = Math.floor((secondOfDay % 3600) / 60);
    const second = secondOfDay % 60;
    let s =
      pad4(year) +
      '-' +
      pad2(month) +
      '-' +
      pad2(day) +
      'T' +
      pad2(hour) +
      ':' +
      pad2(minute) +
      ':' +
      pad2(second);
    if (micros !== 0) s += '.' + String(micros).padStart(6, '0');
    return s;
  }
}

/** Turns any accepted time input into a Timestamp; `key` names the field in the error message. */
export function toTimestamp(input: TimeInput, key = 'time'): Timestamp {
  if (input instanceof Timestamp) return input;
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new OtsError('invalid-param', `${key} is an invalid Date`);
    return Timestamp.fromDate(input);
  }
  if (typeof input === 'string') {
    try {
      return Timestamp.parse(input);
    } catch (err) {
      throw new OtsError('invalid-param', `${key}: ${(err as Error).message}`);
    }
  }
  if (typeof input === 'number' && Number.isFinite(input)) return Timestamp.fromEpochSeconds(input);
  throw new OtsError(
    'invalid-param',
    `${key} must be a Timestamp, a Date, an ISO string or epoch seconds, got ${describeValue(input)}`,
  );
}

function checkOffset(offsetMinutes: number): number {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
    throw new OtsError(
      'invalid-param',
      `invalid UTC offset ${offsetMinutes} minutes: expected an integer strictly between -1440 and 1440`,
    );
  }
  // Normalise -0 so that offsets compare and format as plain 0.
  return offsetMinutes === 0 ? 0 : offsetMinutes;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends halves up; a half on an odd result goes back down to the even neighbour.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  return sign + pad2(Math.floor(abs / 60)) + ':' + pad2(abs % 60);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : String(n).padStart(4, '0');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Proleptic Gregorian date <-> days since 1970-01-01 (H. Hinnant's algorithms), integer arithmetic only:
// `Date.UTC` maps years 0..99 to 1900..1999 and would need guarding.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
