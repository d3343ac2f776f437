/**
 * HMAC-SHA256 as lowercase hex for Node and browsers, and a constant-time compare of hex strings.
 *
 * `crypto.subtle` does the work where it exists (Node 20, browsers in secure contexts); elsewhere the
 * plain-JS `sha256.ts` does. `crypto.timingSafeEqual` is Node-only, hence `constantTimeEqual`.
 */
import { hmacSha256 } from './sha256.js';

/** Any HMAC-SHA256 that returns lowercase hex: Web Crypto (async) or Node's `createHmac` (sync). */
export type HmacHex = (secret: string, message: string) => string | Promise<string>;
export type HmacHexSync = (secret: string, message: string) => string;

const utf8 = new TextEncoder();

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  // Web Crypto refuses zero-length HMAC keys; the plain-JS HMAC handles them as RFC 2104 says.
  if (!subtle || secret === '') return hmacSha256HexSync(secret, message);
  const key = await importedKey(subtle, secret);
  return toHex(new Uint8Array(await subtle.sign('HMAC', key, utf8.encode(message))));
}

/**
 * The key of the last secret used: a client signs every request with the same secret, and importing
 * the key is half the cost of a Web Crypto HMAC (measured in Node 20). One entry, so nothing grows.
 */
let lastKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function importedKey(subtle: SubtleCrypto, secret: string): Promise<CryptoKey> {
  if (lastKey?.secret !== secret) {
    const key = subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    lastKey = { secret, key };
    // A failed import must not stay cached.
    key.catch(() => {
      if (lastKey?.key === key) lastKey = undefined;
    });
  }
  return lastKey.key;
}

/** Synchronous and dependency-free; slower than Web Crypto or Node's `createHmac`. */
export function hmacSha256HexSync(secret: string, message: string): string {
  return toHex(hmacSha256(utf8.encode(secret), utf8.encode(message)));
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Compares two strings in time that depends only on their lengths, so a forged signature learns
 * nothing from how fast it was refused. Signatures have a public, fixed length: a length mismatch
 * returns at once.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
