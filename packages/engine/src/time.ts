/**
 * Engine times are integer epoch microseconds; the wire wants ISO 8601 with `+00:00`
 * (`2026-11-25T10:58:33.421337+00:00`).
 *
 * Why a cache: the gateway formats several times per order it answers (entrust, update, close), and
 * `Date#toISOString` costs far more than the rest of the string. Times that follow each other share
 * their second (and often their millisecond), so the formatted prefix of the last second and the
 * last millisecond are kept and only the digits after them are appended.
 */

/** `000` to `999`. */
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** The last second formatted (`2026-11-25T10:58:33.`), or NaN when none. */
let cachedSecond = Number.NaN;
let secondPrefix = '';
/** The last millisecond formatted (`2026-11-25T10:58:33.421`), or NaN when none. */
let cachedMs = Number.NaN;
let msPrefix = '';

export function formatIsoUs(us: number): string {
  // Only whole microseconds of years 0000-9999 take the cached path; anything else (fractions,
  // far dates with the extended `+275760-` year, invalid times that throw) is formatted plainly.
  if (!Number.isSafeInteger(us)) return formatPlain(us);
  const ms = Math.floor(us / 1000);
  if (ms !== cachedMs) {
    const second = Math.floor(ms / 1000);
    if (second !== cachedSecond) {
      const iso = new Date(second * 1000).toISOString(); // 2026-11-25T10:58:33.000Z
      if (iso.length !== 24) return formatPlain(us);
      cachedSecond = second;
      secondPrefix = iso.slice(0, 20);
    }
    cachedMs = ms;
    msPrefix = secondPrefix + PAD3[ms - second * 1000];
  }
  return `${msPrefix}${PAD3[us - ms * 1000]}+00:00`;
}

/** The reference formatting, for what the cached path does not take. */
function formatPlain(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = us - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2026-11-25T10:58:33.421Z
  return `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}+00:00`;
}
