/**
 * The decimal text of an order or trade number (the digits of `exchange_oid` and `exchange_tid`),
 * joined from three-digit strings made once, instead of the runtime's number-to-string conversion.
 *
 * Why: V8 keeps every number it converts in a cache of a few thousand recent ones. Ids only grow,
 * so each conversion misses (a call into the runtime) and parks its new string in that cache, where
 * it outlives a young-generation collection or two and is copied to the old generation before it
 * dies: most of what the collector copied in the engine bench was these digit strings. Joined
 * strings are plain young garbage, and joining costs a few loads instead of a runtime call.
 */

/** `0`..`999` without and with leading zeros. */
const PLAIN: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i));
const PADDED: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** The decimal digits of a non-negative safe integer, exactly as `String(n)` writes them. */
export function decimalText(n: number): string {
  if (n < 1000) return n >= 0 ? PLAIN[n] : String(n);
  if (n < 1_000_000) {
    const high = Math.floor(n / 1000);
    return PLAIN[high] + PADDED[n - high * 1000];
  }
  if (n < 1_000_000_000) {
    const high = Math.floor(n / 1_000_000);
    const rest = n - high * 1_000_000;
    const middle = Math.floor(rest / 1000);
    return PLAIN[high] + PADDED[middle] + PADDED[rest - middle * 1000];
  }
  return String(n);
}
