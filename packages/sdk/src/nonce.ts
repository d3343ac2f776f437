/**
 * Api-Nonce values: microseconds since the epoch, strictly increasing per API key within this process,
 * as max(now in µs, last + 1). Two `Account` objects sharing a key (or a burst of calls within one
 * millisecond) therefore never send the same nonce twice.
 */
const lastByKey = new Map<string, number>();

export function nextNonce(apiKey: string, nowMs: number = Date.now()): string {
  const now = Math.floor(nowMs * 1000);
  const last = lastByKey.get(apiKey) ?? 0;
  const nonce = Math.max(now, last + 1);
  lastByKey.set(apiKey, nonce);
  return String(nonce);
}
