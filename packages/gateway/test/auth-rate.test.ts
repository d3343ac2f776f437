import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../src/auth/rate-limiter.js';

test('a key gets its burst, then waits; Retry-After says how long; keys do not share buckets', () => {
  let now = 0;
  const limiter = new RateLimiter(() => now);
  const limit = { ratePerSecond: 2, burst: 3 };
  assert.equal(limiter.take('a', limit), 0);
  assert.equal(limiter.take('a', limit), 0);
  assert.equal(limiter.take('a', limit), 0);
  assert.equal(limiter.take('a', limit), 1);
  assert.equal(limiter.take('b', limit), 0, 'another key has its own bucket');
  now += 500;
  assert.equal(limiter.take('a', limit), 0, 'refilled one token in 0.5 s');
  assert.equal(limiter.take('a', limit), 1);
  const slow = { ratePerSecond: 0.1, burst: 1 };
  assert.equal(limiter.take('c', slow), 0);
  assert.equal(limiter.take('c', slow), 10);
});

test('a rate of 0 means unlimited', () => {
  const limiter = new RateLimiter(() => 0);
  for (let i = 0; i < 10_000; i++) assert.equal(limiter.take('bench', { ratePerSecond: 0, burst: 0 }), 0);
});
