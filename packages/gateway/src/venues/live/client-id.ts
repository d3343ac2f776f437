/**
 * Each protocol client_oid (`okex/btc.usdt-20260101120000ab12cd34ef56gh78`) maps to a client id the
 * exchange accepts: OKX `clOrdId` (1-32 letters and digits), Gate `text` (`t-` + up to 26 of
 * `[A-Za-z0-9_.-]`), Binance `newClientOrderId` (up to 36 of `[.A-Z:/a-z0-9_-]`).
 *
 * The part after `{contract}-` is used as it is when the exchange allows it, so a user can find
 * their order in the exchange's own interface; otherwise a digest of the whole client_oid, which is
 * deterministic. The mapping is stored with the order (order-store.ts) either way.
 */
import { createHash } from 'node:crypto';
import type { LiveExchangeProfile } from './exchanges.js';

export function exchangeClientId(profile: LiveExchangeProfile, contract: string, clientOid: string): string {
  const { maxLength, pattern, prefix, numeric } = profile.clientId;
  const own = clientOid.startsWith(`${contract}-`) ? clientOid.slice(contract.length + 1) : clientOid;
  const direct = `${prefix}${own}`;
  if (direct.length <= maxLength && pattern.test(direct)) return direct;
  // 18 digits always fit a signed 64-bit integer, whatever the exchange's own limit above that.
  if (numeric) return numericDigest(clientOid, Math.min(maxLength, 18));
  return `${prefix}${digest(clientOid, maxLength - prefix.length)}`;
}

/** A positive decimal integer of exactly `length` digits (Bitfinex `cid`, HTX contract ids). */
function numericDigest(text: string, length: number): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const floor = 10n ** BigInt(length - 1);
  return (floor + (BigInt(`0x${hex}`) % (9n * floor))).toString();
}

/** Letters and digits only (every exchange accepts them), `length` long. */
function digest(text: string, length: number): string {
  const hex = createHash('sha256').update(text).digest('hex');
  // 256 bits in base 36 is about 50 characters; enough for every exchange's limit.
  return BigInt(`0x${hex}`).toString(36).padStart(length, '0').slice(0, length);
}
