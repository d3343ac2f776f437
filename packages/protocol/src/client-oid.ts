/**
 * client_oid, the id a client gives its order (reference §2.4).
 *
 * Generated ids follow PYSDK 2019-08+: `{contract}-{YYYYMMDDHHmmss}{rand_id(14)}`, e.g.
 * `okex/btc.usdt-20240102030405Ab3dE5fG7hJ9kL`, the time in UTC. The validator is wider than any one
 * era's rule so that every client generation's ids pass: 1 to 64 characters of `[A-Za-z0-9/._-]`
 * (the 2017 SDK's 32-character `xxxx-...` ids and the 2018 `{contract}-{date}-{time}-{27 chars}` included).
 */
import { OtsError } from './errors.js';
import { quoted } from './symbol-parts.js';
import { normaliseContract } from './symbols.js';

export const CLIENT_OID_MAX_LENGTH = 64;
const CLIENT_OID = /^[A-Za-z0-9/._-]{1,64}$/;
const CLIENT_OID_RULE = '1 to 64 characters of A-Z, a-z, 0-9, "/", ".", "_" or "-"';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS_AND_DIGITS = `${LETTERS}0123456789`;

/** Fills the array with random bytes and returns it, as `crypto.getRandomValues` does. */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

const cryptoRandom: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

/**
 * PYSDK's `rand_id(n)`: n letters and digits, the first a letter (so an id never reads as a number).
 * Unbiased: bytes that would favour the first characters of the alphabet are drawn again.
 */
export function randId(length: number, random: RandomSource = cryptoRandom): string {
  let out = '';
  const buffer = new Uint8Array(Math.max(16, length * 2));
  while (out.length < length) {
    random(buffer);
    for (const byte of buffer) {
      const alphabet = out.length === 0 ? LETTERS : LETTERS_AND_DIGITS;
      // 256 is not a multiple of 52 or 62: keep only bytes below the largest multiple.
      if (byte >= alphabet.length * Math.floor(256 / alphabet.length)) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export interface ClientOidOptions {
  /** The time stamped into the id; default now. */
  now?: Date;
  /** Random bytes; default `crypto.getRandomValues`. */
  random?: RandomSource;
}

/** A fresh client_oid for an order on `contract` (any accepted contract form; the modern one is used). */
export function generateClientOid(contract: string, options: ClientOidOptions = {}): string {
  const symbol = normaliseContract(contract);
  const id = `${symbol}-${utcStamp(options.now ?? new Date())}${randId(14, options.random)}`;
  if (id.length > CLIENT_OID_MAX_LENGTH) {
    throw new OtsError(
      'invalid-param',
      `contract ${quoted(symbol)} is too long for a generated client_oid (${id.length} characters): ` +
        `expected a contract of at most ${CLIENT_OID_MAX_LENGTH - 29} characters, or pass your own client_oid`,
    );
  }
  return id;
}

export function isValidClientOid(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_OID.test(value);
}

/** Returns the client_oid unchanged, or throws `invalid-param` saying which rule it broke. */
export function validateClientOid(value: unknown): string {
  if (isValidClientOid(value)) return value;
  let problem: string;
  if (typeof value !== 'string')
    problem = `client_oid must be a string, not ${value === null ? 'null' : typeof value}`;
  else if (value === '') problem = 'client_oid is empty';
  else if (value.length > CLIENT_OID_MAX_LENGTH) problem = `client_oid is ${value.length} characters long`;
  else {
    const at = value.search(/[^A-Za-z0-9/._-]/);
    problem = `client_oid ${quoted(value)} has the character ${quoted(value[at])} at position ${at + 1}`;
  }
  throw new OtsError('invalid-param', `${problem}: expected ${CLIENT_OID_RULE}`);
}

/** `YYYYMMDDHHmmss` in UTC. */
function utcStamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new OtsError('invalid-param', 'client_oid time is an invalid Date');
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    String(date.getUTCFullYear()).padStart(4, '0') +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes()) +
    two(date.getUTCSeconds())
  );
}
