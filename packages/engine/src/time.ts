/** Engine times are integer epoch microseconds; the wire wants ISO 8601 with `+00:00`. */
export function formatIsoUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = us - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2026-11-25T10:58:33.421Z
  return `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}+00:00`;
}
