/**
 * Order body fields that clients of different years encode differently (reference §4.4). A server
 * accepts every form and works with the object form, which is also what orders echo.
 *
 * - `tags`: an object (PYSDK 2019-10+, C#), or the string `"k1:v1,k2:v2"` (ots, PYSDK until 2019-10).
 * - `options`: an object (`{"close": true}`), or a JSON-encoded string of one (until 2018-12).
 * - `bs`: `"b"` (buy) or `"s"` (sell).
 */
import { OtsError } from './errors.js';
import type { Side } from './order.js';

export function decodeTags(value: unknown): Record<string, unknown> {
  if (isAbsent(value)) return {};
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string') throw wrongType('tags', value, TAGS_EXPECTED);
  // A JSON-encoded object is read as one; a tags string never starts with '{' otherwise.
  if (value.trimStart().startsWith('{')) return decodeJsonObject('tags', value, TAGS_EXPECTED);
  const tags: Record<string, unknown> = {};
  for (const entry of value.split(',')) {
    if (entry === '') continue; // "a:1," and "" as Python's ','.join would write them for none
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new OtsError(
        'invalid-param',
        `tags entry ${JSON.stringify(entry)} has no key before ':': expected ${TAGS_EXPECTED}`,
      );
    }
    // Split on the first ':' so that values such as "12:30" survive.
    tags[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return tags;
}

export function decodeOptions(value: unknown): Record<string, unknown> {
  if (isAbsent(value)) return {};
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string') throw wrongType('options', value, OPTIONS_EXPECTED);
  return decodeJsonObject('options', value, OPTIONS_EXPECTED);
}

/** Checks an order side; the protocol has exactly two. */
export function decodeSide(value: unknown): Side {
  if (value === 'b' || value === 's') return value;
  throw new OtsError(
    'invalid-param',
    `bs ${JSON.stringify(value) ?? String(value)} is not a side: expected "b" (buy) or "s" (sell)`,
  );
}

export function isSide(value: unknown): value is Side {
  return value === 'b' || value === 's';
}

const TAGS_EXPECTED = 'an object, or a string "key1:value1,key2:value2"';
const OPTIONS_EXPECTED = 'an object such as {"close": true}, or that object as a JSON string';

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(field: string, value: unknown, expected: string): OtsError {
  const kind = Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return new OtsError('invalid-param', `${field} is ${kind}: expected ${expected}`);
}

function decodeJsonObject(field: string, text: string, expected: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OtsError('invalid-param', `${field} string is not valid JSON: expected ${expected}`);
  }
  if (parsed === null) return {}; // json.dumps(None)
  if (!isPlainObject(parsed)) throw wrongType(`${field} JSON`, parsed, expected);
  return parsed;
}
