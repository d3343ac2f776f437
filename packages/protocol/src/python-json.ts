/**
 * The body form that the 2018 Python SDKs signed: `json.dumps(data, sort_keys=True)` (reference
 * §4.3.3). Keys sorted by code point at every level, separators `", "` and `": "`, strings escaped as
 * `ensure_ascii=True` does (`pyJsonString`).
 *
 * The server rebuilds it from the raw body it received. Numbers are copied as written: those clients
 * sent the same Python `repr` text in the raw body that they signed (`10.0`, `1e-05`), and re-printing
 * them through a JavaScript number would turn `10.0` into `10` and break the signature.
 */
import { DEFAULT_MAX_JSON_DEPTH, type JsonNode, parseJsonLossless } from './lossless-json.js';
// Python's ensure_ascii string escaping (lowercase \uXXXX, surrogate pairs, `/` left alone).
import { pyJsonString } from './pyfloat.js';

/** The sorted Python form of a raw JSON body; throws `invalid-param` for malformed or too deeply nested JSON. */
export function pythonSortedJson(rawBody: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): string {
  return dumpSorted(parseJsonLossless(rawBody, maxDepth));
}

function dumpSorted(node: JsonNode): string {
  switch (node.kind) {
    case 'object': {
      const keys = [...node.entries.keys()].sort(compareCodePoints);
      return `{${keys.map((key) => `${pyJsonString(key)}: ${dumpSorted(node.entries.get(key)!)}`).join(', ')}}`;
    }
    case 'array':
      return `[${node.items.map(dumpSorted).join(', ')}]`;
    case 'string':
      return pyJsonString(node.value);
    case 'number':
      return node.literal;
    default:
      return node.kind;
  }
}

/** Python compares `str` by code point; JavaScript's default sort compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Below 0xd800 and at 0xe000 and above, units order as code points do; surrogates (0xd800..0xdfff)
    // encode code points above 0xffff, which must sort after every BMP unit.
    return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
