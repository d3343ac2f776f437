import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIsoUs } from '@ots/engine';

test('formatIsoUs writes whole microseconds as ISO 8601 with +00:00', () => {
  assert.equal(formatIsoUs(0), '1970-01-01T00:00:00.000000+00:00');
  assert.equal(formatIsoUs(1_764_068_313_421_337), '2025-11-25T10:58:33.421337+00:00');
  assert.equal(formatIsoUs(1_764_068_313_421_338), '2025-11-25T10:58:33.421338+00:00');
  assert.equal(formatIsoUs(1_764_068_313_999_999), '2025-11-25T10:58:33.999999+00:00');
  assert.equal(formatIsoUs(1_764_068_314_000_000), '2025-11-25T10:58:34.000000+00:00');
  assert.equal(formatIsoUs(1_764_068_313_000_007), '2025-11-25T10:58:33.000007+00:00');
  assert.equal(formatIsoUs(-1), '1969-12-31T23:59:59.999999+00:00');
});

test('formatIsoUs gives the same text whatever it formatted before', () => {
  // Times out of order, repeated, and jumping across milliseconds, seconds and days.
  const times = [
    1_764_068_313_421_337, 1_764_068_313_421_001, 1_764_068_313_420_999, 1_764_068_313_421_337,
    1_764_154_713_421_337, 1_764_068_313_421_337, 1_764_068_312_999_999,
  ];
  const reference = (us: number) => {
    const ms = Math.floor(us / 1000);
    return `${new Date(ms).toISOString().slice(0, 23)}${String(us - ms * 1000).padStart(3, '0')}+00:00`;
  };
  for (const us of times) assert.equal(formatIsoUs(us), reference(us));
  for (const us of [...times].reverse()) assert.equal(formatIsoUs(us), reference(us));
});

test('formatIsoUs formats years past 9999 as Date does, and refuses an invalid time', () => {
  assert.equal(formatIsoUs(253_402_300_800_000_000), '+010000-01-01T00:00:00.000+00:00');
  assert.throws(() => formatIsoUs(Number.NaN), RangeError);
});
