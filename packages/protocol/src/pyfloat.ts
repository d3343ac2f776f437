/**
 * Python's text for numbers and JSON, so that strings the original Python SDK produced (the tick short
 * list, `to_ws_str`) can be reproduced byte for byte.
 *
 * JavaScript and Python agree on the digits of a float (both print the shortest string that reads back
 * to the same double) but not on the layout: Python writes `1136.0` where JS writes `1136`, `1e-05`
 * where JS writes `0.00001`, and switches to exponent form at 1e16 where JS waits until 1e21.
 */

import { OtsError } from './errors.js';

/**
 * Python's `repr(float(n))`: shortest round-trip digits, `.0` on integral values, exponent form when
 * the decimal exponent is below -4 or at least 16 (`1e-05`, `1.5e-07`, `1e+16`), the exponent written
 * with a sign and at least two digits.
 *
 * Non-finite values are written as Python's `json.dumps` writes them (`Infinity`, `-Infinity`, `NaN`),
 * not as `repr` does (`inf`, `nan`), because the JSON form is the one that travels; tick book levels are
 * always finite, so the short list never meets the difference.
 */
export function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = n < 0 ? -n : n;
  // Fixed notation in Python is exactly 1e-4 <= |n| < 1e16; JS String() uses fixed notation over a
  // wider range (1e-7 .. 1e21) with the same digits, so inside Python's range it can be used as is.
  if (abs >= 1e-4 && abs < 1e16) {
    const s = String(n);
    return Number.isInteger(n) ? s + '.0' : s;
  }
  if (abs === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  // toExponential() without an argument gives the shortest round-trip digits: "1.5e-7", "1e+16".
  const s = n.toExponential();
  const e = s.indexOf('e');
  const sign = s.charCodeAt(e + 1) === 45 /* - */ ? '-' : '+';
  const digits = s.slice(e + 2);
  return s.slice(0, e) + 'e' + sign + (digits.length < 2 ? '0' + digits : digits);
}

/**
 * Python's `json.dumps(value)` with its defaults: separators `", "` and `": "`, `ensure_ascii=True`
 * (every character outside printable ASCII written as `\uXXXX` with lowercase hex, as Python does),
 * keys in insertion order.
 *
 * Python tells ints from floats; JavaScript does not. Every `number` is written as a Python float
 * (`3` becomes `3.0`), which is what the protocol's prices, volumes and epoch times are; a `bigint`
 * is written as a Python int (`3n` becomes `3`). Object keys whose value is `undefined` are left out
 * (as `JSON.stringify` does); an object with `toJSON()` is written as what it returns. Anything Python
 * could not write (functions, symbols, `undefined` in an array, circular references) throws
 * `OtsError('invalid-param')`.
 */
export function pyJsonDumps(value: unknown): string {
  return writeValue(value, [], '');
}

function writeValue(value: unknown, stack: object[], path: string): string {
  switch (typeof value) {
    case 'number':
      return pyFloat(value);
    case 'string':
      return pyJsonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      return value === null ? 'null' : writeObject(value, stack, path);
    default:
      throw new OtsError(
        'invalid-param',
        `pyJsonDumps cannot write a ${typeof value} at ${path || 'the top level'}: expected JSON data`,
      );
  }
}

function writeObject(value: object, stack: object[], path: string): string {
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    return writeValue((withToJson.toJSON as () => unknown).call(value), stack, path);
  }
  if (stack.includes(value)) {
    throw new OtsError(
      'invalid-param',
      `pyJsonDumps found a circular reference at ${path || 'the top level'}`,
    );
  }
  stack.push(value);
  let out: string;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) parts.push(writeValue(value[i], stack, `${path}[${i}]`));
    out = '[' + parts.join(', ') + ']';
  } else {
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      parts.push(pyJsonString(key) + ': ' + writeValue(item, stack, `${path}.${key}`));
    }
    out = '{' + parts.join(', ') + '}';
  }
  stack.pop();
  return out;
}

const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
};

/** A JSON string literal as Python writes it with `ensure_ascii=True`. */
export function pyJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII other than `"` and `\` passes through; Python escapes everything else.
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i) + (SHORT_ESCAPES[c] ?? '\\u' + c.toString(16).padStart(4, '0'));
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}
