/**
 * A sparkline of prices over a time window: the window is cut into `width` equal buckets, each shows
 * the last price seen by its end (carried forward through quiet buckets), scaled between the
 * window's lowest and highest price onto ▁▂▃▄▅▆▇█. Buckets before the first sample stay blank.
 */

const BARS = '▁▂▃▄▅▆▇█';

export interface PricePoint {
  /** Epoch milliseconds. */
  at: number;
  price: number;
}

export function sparkline(
  points: readonly PricePoint[],
  now: number,
  windowMs: number,
  width: number,
): string {
  if (width <= 0) return '';
  const start = now - windowMs;
  const bucketMs = windowMs / width;
  const values: (number | undefined)[] = new Array(width).fill(undefined);
  let carried: number | undefined;
  let index = 0;
  // Points are in time order; a point before the window seeds the first bucket's carried price.
  for (let bucket = 0; bucket < width; bucket++) {
    const end = start + (bucket + 1) * bucketMs;
    while (index < points.length && points[index].at <= end) carried = points[index++].price;
    values[bucket] = carried;
  }
  const present = values.filter((v): v is number => v !== undefined);
  if (present.length === 0) return ' '.repeat(width);
  const low = Math.min(...present);
  const high = Math.max(...present);
  return values
    .map((v) => {
      if (v === undefined) return ' ';
      if (high === low) return BARS[3];
      const level = Math.round(((v - low) / (high - low)) * (BARS.length - 1));
      return BARS[level];
    })
    .join('');
}
