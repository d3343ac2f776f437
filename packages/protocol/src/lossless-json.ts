/**
 * A strict JSON parser (RFC 8259) that keeps every number as the text it was written as, so that a
 * re-serialised body reproduces `10.0` and `1e-05` exactly where `JSON.parse` would give `10` and
 * `0.00001`. Used to rebuild the Python sorted-key form of a request body (`python-json.ts`).
 *
 * Nesting deeper than `maxDepth` is refused before the parser recurses further, so hostile input
 * cannot exhaust the stack.
 */
import { OtsError } from './errors.js';

export type JsonNode =
  | { kind: 'object'; entries: Map<string, JsonNode> }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; literal: string }
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'null' };

export const DEFAULT_MAX_JSON_DEPTH = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A run of string characters that need no decoding: anything but `"`, `\` and control characters. */
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function parseJsonLossless(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): JsonNode {
  let pos = 0;

  const fail = (problem: string): OtsError => {
    const near = JSON.stringify(text.slice(pos, pos + 12));
    return new OtsError(
      'invalid-param',
      `body is not valid JSON: ${problem} at position ${pos} (near ${near})`,
    );
  };

  const skipWhitespace = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
  };

  const expect = (char: string) => {
    if (text[pos] !== char) throw fail(`expected '${char}'`);
    pos++;
  };

  const parseString = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      PLAIN_CHARS.lastIndex = pos;
      PLAIN_CHARS.test(text);
      out += text.slice(pos, PLAIN_CHARS.lastIndex);
      pos = PLAIN_CHARS.lastIndex;
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === undefined) throw fail('unterminated string');
      if (c !== '\\') throw fail('unescaped control character in a string');
      const e = text[pos + 1];
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw fail('bad \\u escape');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        pos += 2;
      } else {
        throw fail('bad escape');
      }
    }
  };

  const parseValue = (depth: number): JsonNode => {
    skipWhitespace();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) throw fail(`nesting deeper than ${maxDepth} levels`);
      return c === '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === '"') return { kind: 'string', value: parseString() };
    for (const word of ['true', 'false', 'null'] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { kind: word };
      }
    }
    NUMBER.lastIndex = pos;
    if (NUMBER.test(text)) {
      const literal = text.slice(pos, NUMBER.lastIndex);
      pos = NUMBER.lastIndex;
      return { kind: 'number', literal };
    }
    throw fail(c === undefined ? 'unexpected end' : 'unexpected character');
  };

  const parseObject = (depth: number): JsonNode => {
    expect('{');
    // A Map keeps the last value of a repeated key, as Python's json.loads does.
    const entries = new Map<string, JsonNode>();
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      skipWhitespace();
      const key = parseString();
      skipWhitespace();
      expect(':');
      entries.set(key, parseValue(depth));
      skipWhitespace();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', entries };
      }
      expect(',');
    }
  };

  const parseArray = (depth: number): JsonNode => {
    expect('[');
    const items: JsonNode[] = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(parseValue(depth));
      skipWhitespace();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      expect(',');
    }
  };

  const root = parseValue(0);
  skipWhitespace();
  if (pos < text.length) throw fail('unexpected data after the JSON value');
  return root;
}
