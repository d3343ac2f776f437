/**
 * Request signing (reference §4.3): `Api-Signature = hex(HMAC_SHA256(secret, VERB + PATH + NONCE + BODY))`,
 * lowercase hex over UTF-8, where PATH is the path after the trade prefix without the query string
 * (`/okex/demo-account/orders`) and BODY is the raw body or `""`. The account websocket signs
 * `GET /ws/{account_name}` with an empty body.
 *
 * The verifier accepts either the raw body or the sorted Python form rebuilt from it, which covers the
 * clients that signed `json.dumps(data, sort_keys=True)` but sent an unsorted body (2018-01 .. 05).
 */
import { OtsError } from './errors.js';
import { constantTimeEqual, type HmacHex, type HmacHexSync, hmacSha256Hex } from './hmac.js';
import { pythonSortedJson } from './python-json.js';

/** The string that is signed. The verb is upper-cased: `fetch` sends `patch` as written, servers see `PATCH`. */
export function signingMessage(verb: string, path: string, nonce: string, body = ''): string {
  return verb.toUpperCase() + path + nonce + body;
}

/** The `Api-Signature` of a request. Works in Node and browsers. */
export async function sign(
  secret: string,
  verb: string,
  path: string,
  nonce: string,
  body = '',
): Promise<string> {
  if (typeof secret !== 'string' || secret === '') {
    throw new OtsError('invalid-param', 'api secret is empty: expected the secret issued with the api key');
  }
  return hmacSha256Hex(secret, signingMessage(verb, path, nonce, body));
}

/** The path the account websocket signs: the account name without its exchange (a historical quirk). */
export function accountWsSignedPath(accountName: string): string {
  return `/ws/${accountName}`;
}

const TRADE_PREFIXES = ['/api/v1/trade', '/v1/trade', '/trade'];
const ACCOUNT_WS_PREFIXES = ['/api/v1/ws/trade', '/v1/ws/trade', '/ws/trade'];

/**
 * The PATH a request signed, from the URL path the server received (a full URL works too):
 * `/api/v1/trade/okex/demo/orders?state=end` → `/okex/demo/orders`, and for the account websocket
 * `/api/v1/ws/trade/okex/demo` → `/ws/demo`. A path without a known prefix loses only its query.
 */
export function signedPath(urlPath: string): string {
  // A server hands over the path as received (`/api/...`, every request): only a full URL needs parsing.
  let path =
    urlPath.charCodeAt(0) !== SLASH && /^[a-z][a-z0-9+.-]*:\/\//i.test(urlPath)
      ? new URL(urlPath).pathname
      : urlPath;
  const end = queryStart(path);
  if (end >= 0) path = path.slice(0, end);
  for (const prefix of ACCOUNT_WS_PREFIXES) {
    const rest = afterPrefix(path, prefix);
    if (rest === undefined) continue;
    // `/{exchange}/{name}`: the name is everything after the exchange.
    const slash = rest.indexOf('/', 1);
    return slash < 0 ? path : accountWsSignedPath(rest.slice(slash + 1));
  }
  for (const prefix of TRADE_PREFIXES) {
    const rest = afterPrefix(path, prefix);
    if (rest !== undefined) return rest;
  }
  return path;
}

const SLASH = 0x2f;

/** Where the query or fragment starts (`?` or `#`, whichever comes first), or -1. */
function queryStart(path: string): number {
  const query = path.indexOf('?');
  const fragment = path.indexOf('#');
  if (fragment < 0) return query;
  return query < 0 || fragment < query ? fragment : query;
}

function afterPrefix(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  return rest === '' || rest.startsWith('/') ? rest : undefined;
}

/** What the server knows about a request it is checking. */
export interface SignedRequest {
  secret: string;
  verb: string;
  /** The signed path (see `signedPath`). */
  path: string;
  /** The `Api-Nonce` header exactly as received. */
  nonce: string;
  /** The raw request body as received (UTF-8 decoded), or `''`/undefined when there is none. */
  body?: string;
  /** The `Api-Signature` header. */
  signature: string;
}

/**
 * True when the signature matches the raw body or its sorted Python form. Never throws for bad client
 * input: a malformed body or signature is simply not a match. `hmacHex` lets a server use a faster HMAC
 * (Node's `createHmac`); the default is Web Crypto.
 */
export async function verifySignature(
  request: SignedRequest,
  hmacHex: HmacHex = hmacSha256Hex,
): Promise<boolean> {
  const expected = presentedSignature(request);
  if (expected === undefined) return false;
  const body = request.body ?? '';
  const signed = signingMessage(request.verb, request.path, request.nonce, '');
  if (constantTimeEqual(await hmacHex(request.secret, signed + body), expected)) return true;
  const sorted = sortedFormOf(body);
  return sorted !== undefined && constantTimeEqual(await hmacHex(request.secret, signed + sorted), expected);
}

/** `verifySignature` with a synchronous HMAC, for a server's hot path (no promise, no microtask). */
export function verifySignatureSync(request: SignedRequest, hmacHex: HmacHexSync): boolean {
  const expected = presentedSignature(request);
  if (expected === undefined) return false;
  // The raw-body message first (every current client), then the sorted Python form if it differs.
  const body = request.body ?? '';
  const signed = signingMessage(request.verb, request.path, request.nonce, '');
  if (constantTimeEqual(hmacHex(request.secret, signed + body), expected)) return true;
  const sorted = sortedFormOf(body);
  return sorted !== undefined && constantTimeEqual(hmacHex(request.secret, signed + sorted), expected);
}

/** Hex digits of an HMAC-SHA256: 64. */
const SIGNATURE_LENGTH = 64;

/**
 * The signature in lowercase, or undefined when it cannot possibly match (or there is no secret):
 * 64 hex digits in any case. Checked by character codes, not a regex, and lower-cased only when it
 * has upper-case digits (it runs on every request).
 */
function presentedSignature(request: SignedRequest): string | undefined {
  if (typeof request.secret !== 'string' || request.secret === '') return undefined;
  const signature = request.signature;
  if (typeof signature !== 'string' || signature.length !== SIGNATURE_LENGTH) return undefined;
  let upper = false;
  for (let i = 0; i < SIGNATURE_LENGTH; i++) {
    const c = signature.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) continue; // 0-9, a-f
    if (c >= 0x41 && c <= 0x46)
      upper = true; // A-F
    else return undefined;
  }
  return upper ? signature.toLowerCase() : signature;
}

/**
 * The sorted Python form of a body, when it differs from the body itself; undefined for an empty
 * body, a body that is not JSON (only its raw form can match) or one already in that form.
 */
function sortedFormOf(body: string): string | undefined {
  if (body === '') return undefined;
  let sorted: string;
  try {
    sorted = pythonSortedJson(body);
  } catch {
    return undefined;
  }
  return sorted === body ? undefined : sorted;
}
