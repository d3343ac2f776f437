/**
 * Request authentication for the private API and the account websocket (reference §4.3).
 *
 * Order of checks, so that nothing an attacker sends can burn a legitimate client's nonces:
 * headers present → key known → signature valid (raw body, or the Python sorted-key form) → nonce
 * fresh (then written to disk) → rate limit → permission for the account (and for writing).
 */
import { OtsError, verifySignatureSync } from '@ots/protocol';
import { hmacSha256Hex } from './hmac.js';
import type { ApiKey, KeyStore } from './key-store.js';
import { parseNonce } from './nonce-window.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, RateLimiter } from './rate-limiter.js';

/** HMAC-SHA256 in hex: synchronous and native, the verifier's hot path (see hmac.ts). */
export function nodeHmacHex(secret: string, message: string): string {
  return hmacSha256Hex(secret, message);
}

export interface AuthHeaders {
  apiKey?: string;
  nonce?: string;
  signature?: string;
}

export interface AuthInput {
  headers: AuthHeaders;
  /** Upper-case HTTP verb that was signed (`GET` for the websocket). */
  verb: string;
  /** The signed path: `/{exchange}/{account}{endpoint}` or `/ws/{name}`. */
  path: string;
  /** The raw body as received, `''` when there is none. */
  body: string;
  /** The account the request acts on (`sim/alice`). */
  account: string;
  /** True for place, amend and cancel: a read-only key may not. */
  writes: boolean;
}

/** Reads the three `Api-*` headers from a Node/fastify header object (names are lower-case there). */
export function authHeadersOf(headers: Record<string, string | string[] | undefined>): AuthHeaders {
  // No inner helper: this runs on every request, and a closure per call is garbage per call.
  return {
    apiKey: firstOf(headers['api-key']),
    nonce: firstOf(headers['api-nonce']),
    signature: firstOf(headers['api-signature']),
  };
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export interface AuthenticatorOptions {
  /** The limit for keys created without their own. */
  defaultRateLimit?: RateLimit;
  nowMs?: () => number;
}

export class Authenticator {
  readonly limiter: RateLimiter;
  private readonly defaultRateLimit: RateLimit;
  private persistNonces: (() => Promise<void> | undefined) | undefined;

  constructor(
    private readonly keys: KeyStore,
    options: AuthenticatorOptions = {},
  ) {
    this.limiter = new RateLimiter(options.nowMs);
    this.defaultRateLimit = options.defaultRateLimit ?? DEFAULT_RATE_LIMIT;
  }

  /**
   * Puts the nonces accepted so far on disk; the API calls it before any reply leaves. When that is
   * done off the request thread (the gateway's commit thread) it returns a promise, and the reply
   * waits for it.
   */
  flushNonces(): Promise<void> | undefined {
    if (this.persistNonces !== undefined) return this.persistNonces();
    this.keys.flushNonces();
    return undefined;
  }

  /** Replaces how `flushNonces` writes (the gateway commits them with its trades). */
  persistNoncesWith(persist: () => Promise<void> | undefined): void {
    this.persistNonces = persist;
  }

  /**
   * Returns the key, or throws the protocol's error (401, 403 or 429 with `data.retry_after`).
   * The nonce is accepted in memory; `flushNonces` (or a trade's commit) puts it on disk.
   */
  authenticate(input: AuthInput): ApiKey {
    const { apiKey, nonce, signature } = input.headers;
    if (!apiKey || !nonce || !signature) {
      const missing = [!apiKey && 'Api-Key', !nonce && 'Api-Nonce', !signature && 'Api-Signature'].filter(
        Boolean,
      );
      throw new OtsError(
        'no-valid-authentication',
        `missing ${missing.join(', ')}: sign the request with Api-Key, Api-Nonce and Api-Signature`,
      );
    }
    const key = this.keys.get(apiKey);
    if (!key)
      throw new OtsError('invalid-api-key', 'unknown Api-Key (revoked, or never issued by this gateway)');
    const signed = verifySignatureSync(
      { secret: key.secret, verb: input.verb, path: input.path, nonce, body: input.body, signature },
      nodeHmacHex,
    );
    if (!signed) {
      throw new OtsError(
        'invalid-api-key',
        `Api-Signature does not match: expected hex(HMAC-SHA256(secret, "${input.verb}" + "${input.path}" + nonce + body))`,
      );
    }
    const value = parseNonce(nonce);
    if (value === undefined) {
      throw new OtsError('invalid-api-key', `Api-Nonce "${nonce.slice(0, 40)}" is not a decimal integer`);
    }
    if (!this.keys.acceptNonce(key, value)) {
      throw new OtsError(
        'invalid-api-key',
        `Api-Nonce ${nonce} was used already or is older than this key's last ${key.window.capacity} nonces; send a larger one`,
      );
    }
    const wait = this.limiter.take(key.apiKey, key.rateLimit ?? this.defaultRateLimit);
    if (wait > 0) {
      throw new OtsError('exg-rate-limit-exceeded', `too many requests for this key; retry in ${wait} s`, {
        data: { retry_after: wait },
      });
    }
    authorise(key, input.account, input.writes);
    return key;
  }
}

/** A key acts only on its own accounts, and a read-only key never writes. */
export function authorise(key: ApiKey, account: string, writes: boolean): void {
  if (!key.accounts.has(account)) {
    throw new OtsError('no-permission', `this key has no access to account ${account}`);
  }
  if (writes && key.readOnly) {
    throw new OtsError(
      'no-permission',
      `this key is read-only: it cannot place, amend or cancel orders on ${account}`,
    );
  }
}
