/**
 * Price steps from significant digits (Bitfinex 5, Bithumb 4): the step of a price is
 * `10^(e - d + 1)`, exact at powers of ten, where floating-point logarithms are not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { significantStep } from '../src/venues/live/precision.js';

test('the step follows the size of the price, from 1e-8 to 1e9', () => {
  const cases: Array<[number, number, number]> = [
    [140_000_000, 4, 100_000],
    [43_210, 5, 1],
    [2_345.6, 5, 0.1],
    [1.2345, 5, 0.0001],
    [0.03456, 4, 0.00001],
    [0.000012345, 5, 1e-9],
    [0.00000005, 5, 1e-12],
  ];
  for (const [price, digits, step] of cases) assert.equal(significantStep(price, digits), step, `${price}`);
});

test('at and just below a power of ten the step changes by exactly ten times', () => {
  assert.equal(significantStep(1000, 5), 0.1);
  assert.equal(significantStep(999.99, 5), 0.01);
  assert.equal(significantStep(0.001, 5), 1e-7);
  assert.equal(significantStep(0.00099999, 5), 1e-8);
  assert.equal(significantStep(1e15, 5), 1e11);
});

test('a price at its step stays on the grid: price / step is a whole number', () => {
  for (const price of [43_210, 2_345.6, 1.2345, 0.000012345]) {
    const step = significantStep(price, 5) as number;
    const units = price / step;
    assert.ok(Math.abs(units - Math.round(units)) < 1e-6, `${price} / ${step} = ${units}`);
  }
});

test('no step for a price or digit count that has none', () => {
  assert.equal(significantStep(0, 5), undefined);
  assert.equal(significantStep(-1, 5), undefined);
  assert.equal(significantStep(Number.NaN, 5), undefined);
  assert.equal(significantStep(Number.POSITIVE_INFINITY, 5), undefined);
  assert.equal(significantStep(100, 0), undefined);
  assert.equal(significantStep(100, 2.5), undefined);
});
