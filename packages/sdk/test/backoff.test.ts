import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../src/backoff.js';

test('reconnect delays start at 2 s and double up to 64 s by default', () => {
  const backoff = new Backoff({}, () => 0);
  const delays = Array.from({ length: 8 }, () => backoff.next());
  assert.deepEqual(delays, [2000, 4000, 8000, 16000, 32000, 64000, 64000, 64000]);
  backoff.reset();
  assert.equal(backoff.next(), 2000);
});

test('jitter only shortens a delay, by at most the configured fraction', () => {
  const most = new Backoff({ initialMs: 100, maxMs: 800, jitter: 0.5 }, () => 0.999999);
  assert.deepEqual(
    Array.from({ length: 5 }, () => most.next()),
    [50, 100, 200, 400, 400],
  );
  const random = new Backoff({ initialMs: 1000, maxMs: 1000 });
  for (let i = 0; i < 100; i++) {
    const delay = random.next();
    assert.ok(delay >= 750 && delay <= 1000, `delay ${delay} outside 750..1000`);
  }
});
