/**
 * Order book sides of a tick: validation, ordering (bids by price descending, asks ascending) and the
 * `"p1,v1,p2,v2"` text of the tick short list.
 */

import { describeValue } from './describe-value.js';
import { OtsError } from './errors.js';
import { pyFloat } from './pyfloat.js';

/** One price level: `{"price": number, "volume": number}` on the wire. */
export interface BookLevel {
  price: number;
  volume: number;
}

export type BookSide = 'bids' | 'asks';

/**
 * A validated, sorted copy of one side of the book. Each item must be an object whose `price` and
 * `volume` are finite numbers; other keys are dropped (the ots-era SDK refused them, PYSDK let them
 * through; OTS keeps the wire clean). `undefined` or `null` is an empty side.
 */
export function readBookSide(value: unknown, side: BookSide): BookLevel[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new OtsError(
      'invalid-param',
      `${side} must be an array of {price, volume}, got ${describeValue(value)}`,
    );
  }
  const levels: BookLevel[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = value[i] as Partial<BookLevel> | null;
    const price = item?.price;
    const volume = item?.volume;
    if (
      typeof price !== 'number' ||
      !Number.isFinite(price) ||
      typeof volume !== 'number' ||
      !Number.isFinite(volume)
    ) {
      throw new OtsError(
        'invalid-param',
        `${side}[${i}] must be {price, volume} with finite numbers, got ${describeValue(item)}`,
      );
    }
    levels[i] = { price, volume };
  }
  return sortSide(levels, side);
}

/** Sorts in place (bids descending, asks ascending) unless already in order, which venues usually are. */
export function sortSide(levels: BookLevel[], side: BookSide): BookLevel[] {
  const sign = side === 'bids' ? -1 : 1;
  for (let i = 1; i < levels.length; i++) {
    if (sign * (levels[i].price - levels[i - 1].price) < 0) {
      return levels.sort((a, b) => sign * (a.price - b.price));
    }
  }
  return levels;
}

/** `"p1,v1,p2,v2,..."` with Python float text (`1136.0`, `1e-05`); an empty side gives `""`. */
export function shortSideText(levels: readonly BookLevel[]): string {
  let out = '';
  for (let i = 0; i < levels.length; i++) {
    if (i > 0) out += ',';
    out += pyFloat(levels[i].price) + ',' + pyFloat(levels[i].volume);
  }
  return out;
}

// What Python's float() reads for a finite number (decimal or exponent form, optional sign).
const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** Reads `shortSideText` back: pairs of price and volume; `""` is an empty side. */
export function parseShortSideText(text: unknown, side: BookSide): BookLevel[] {
  if (typeof text !== 'string') {
    throw new OtsError(
      'invalid-param',
      `short-list ${side} must be a string "p1,v1,p2,v2,...", got ${describeValue(text)}`,
    );
  }
  if (text === '') return [];
  const items = text.split(',');
  if (items.length % 2 !== 0) {
    throw new OtsError(
      'invalid-param',
      `short-list ${side} ${JSON.stringify(text)} has an odd number of items: expected price,volume pairs`,
    );
  }
  const levels: BookLevel[] = new Array(items.length / 2);
  for (let i = 0; i < items.length; i += 2) {
    levels[i / 2] = {
      price: readDecimal(items[i], side, text),
      volume: readDecimal(items[i + 1], side, text),
    };
  }
  return sortSide(levels, side);
}

function readDecimal(item: string, side: BookSide, text: string): number {
  const n = Number(item);
  if (!DECIMAL.test(item) || !Number.isFinite(n)) {
    throw new OtsError(
      'invalid-param',
      `short-list ${side} ${JSON.stringify(text)} holds ${JSON.stringify(item)}: expected a decimal number`,
    );
  }
  return n;
}
