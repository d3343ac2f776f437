import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalText } from '../src/decimal-text.js';

test('order and trade numbers are written in exchange_oid and exchange_tid exactly as String writes them', () => {
  const edges = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 100_007, 999_999, 1_000_000, 1_000_001];
  const more = [1_002_030, 123_456_789, 999_999_999, 1_000_000_000, 4_294_967_296, Number.MAX_SAFE_INTEGER];
  for (const n of [...edges, ...more]) assert.equal(decimalText(n), String(n));
  for (let n = 0; n < 2_000_000; n += 7919) assert.equal(decimalText(n), String(n));
});
