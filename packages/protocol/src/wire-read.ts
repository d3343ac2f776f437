/**
 * Readers for the fields of wire objects (ticks, zhubi, candles). Each one checks a key's presence
 * and type and throws `OtsError('invalid-param')` naming the object kind, the key and what was
 * expected, so a bad payload says exactly what is wrong with it.
 */

import { describeValue } from './describe-value.js';
import { OtsError } from './errors.js';
import { Timestamp } from './timestamp.js';

export type WireObject = Record<string, unknown>;

/** A JSON string or an object; anything else (or bad JSON) is `invalid-param` naming `kind`. */
export function wireObject(input: unknown, kind: string): WireObject {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new OtsError('invalid-param', `${kind} is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OtsError('invalid-param', `${kind} must be a JSON object, got ${describeValue(value)}`);
  }
  return value as WireObject;
}

export function requireNumber(obj: WireObject, key: string, kind: string): number {
  const value = obj[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw fieldError(obj, key, kind, 'a finite number');
}

/** A finite number, or null when the key is missing or null. */
export function optionalNumber(obj: WireObject, key: string, kind: string): number | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw fieldError(obj, key, kind, 'a finite number or null');
}

export function requireString(obj: WireObject, key: string, kind: string): string {
  const value = obj[key];
  if (typeof value === 'string') return value;
  throw fieldError(obj, key, kind, 'a string');
}

/** A string, or null when the key is missing or null. */
export function optionalString(obj: WireObject, key: string, kind: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  throw fieldError(obj, key, kind, 'a string or null');
}

/** An array (its items are checked by the caller, which knows what they hold). */
export function requireArray(obj: WireObject, key: string, kind: string): unknown[] {
  const value = obj[key];
  if (Array.isArray(value)) return value;
  throw fieldError(obj, key, kind, 'an array');
}

/** An ISO time string with a UTC offset. */
export function requireIsoTime(obj: WireObject, key: string, kind: string): Timestamp {
  const value = obj[key];
  if (typeof value !== 'string') throw fieldError(obj, key, kind, 'an ISO time string');
  return parseField(value, key, kind);
}

/** An ISO time string, or null when the key is missing or null. */
export function optionalIsoTime(obj: WireObject, key: string, kind: string): Timestamp | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw fieldError(obj, key, kind, 'an ISO time string or null');
  return parseField(value, key, kind);
}

/** Float epoch seconds, read as UTC. */
export function requireEpochSeconds(obj: WireObject, key: string, kind: string): Timestamp {
  return Timestamp.fromEpochSeconds(requireNumber(obj, key, kind));
}

function parseField(value: string, key: string, kind: string): Timestamp {
  try {
    return Timestamp.parse(value);
  } catch (err) {
    throw new OtsError('invalid-param', `${kind} ${key}: ${(err as Error).message}`);
  }
}

function fieldError(obj: WireObject, key: string, kind: string, expected: string): OtsError {
  const problem = obj[key] === undefined ? 'is missing' : `is ${describeValue(obj[key])}`;
  return new OtsError('invalid-param', `${kind} ${key} ${problem}: expected ${expected}`);
}
