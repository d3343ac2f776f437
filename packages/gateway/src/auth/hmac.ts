/**
 * HMAC-SHA256 as two one-shot SHA-256 hashes over pads prepared once per secret (RFC 2104:
 * H((K ^ opad) || H((K ^ ipad) || message))).
 *
 * `createHmac` sets up a new OpenSSL HMAC context on every call, which under a busy gateway costs
 * more than hashing the message; the pads only depend on the secret, and `crypto.hash` needs no
 * context object at all.
 */
import { createHash, hash } from 'node:crypto';

const BLOCK = 64;
/** Secrets whose pads are kept (one per API key in practice); beyond it the cache starts over. */
const MAX_CACHED = 10_000;

interface Pads {
  inner: Buffer;
  outer: Buffer;
}
const padsBySecret = new Map<string, Pads>();

function padsOf(secret: string): Pads {
  let pads = padsBySecret.get(secret);
  if (pads) return pads;
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = createHash('sha256').update(key).digest();
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] ^= key[i];
    outer[i] ^= key[i];
  }
  pads = { inner, outer };
  if (padsBySecret.size >= MAX_CACHED) padsBySecret.clear();
  padsBySecret.set(secret, pads);
  return pads;
}

/** Lowercase hex of HMAC-SHA256(secret, message), both taken as UTF-8. */
export function hmacSha256Hex(secret: string, message: string): string {
  const { inner, outer } = padsOf(secret);
  const innerHash = hash('sha256', Buffer.concat([inner, Buffer.from(message, 'utf8')]), 'buffer');
  return hash('sha256', Buffer.concat([outer, innerHash]), 'hex');
}
