/**
 * Plain-text tables for the terminal: a header, a rule, and aligned columns (numbers right-aligned).
 * No colours, so a table reads the same in a pager, a log or a screenshot.
 */

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** The table as lines; an empty table is its header and a line saying so. */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  empty = '(none)',
): string[] {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        return c.align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  ')];
  if (rows.length === 0) out.push(empty);
  for (const row of rows) out.push(line(row));
  return out;
}

/**
 * A wire number as a person reads it: no exponent, no float noise (0.1 + 0.2 shows 0.3), at most
 * `maxDecimals` decimals; undefined and null show as `-`.
 */
export function formatNumber(value: number | null | undefined, maxDecimals = 8): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '-';
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** A wire time (`2026-11-25T11:10:53.123456+00:00`) shortened to `2026-11-25 11:10:53`. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '-';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]} ${match[2]}` : value;
}
