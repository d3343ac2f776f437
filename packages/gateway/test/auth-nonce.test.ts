import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NonceWindow, parseNonce } from '../src/auth/nonce-window.js';

test('nonces are decimal integers of any unit, compared exactly beyond 2^53', () => {
  assert.equal(parseNonce('1527152000000000'), 1527152000000000n);
  assert.equal(parseNonce('638362368000000001'), 638362368000000001n);
  assert.equal(parseNonce('this-is-nonce'), undefined);
  assert.equal(parseNonce('-1'), undefined);
  assert.equal(parseNonce('1.5'), undefined);
  assert.equal(parseNonce(''), undefined);

  const w = new NonceWindow(1000);
  // Two .NET-tick nonces that are equal as doubles but differ as integers.
  assert.equal(Number(638362368000000001n), Number(638362368000000000n));
  assert.ok(w.accept(638362368000000000n));
  assert.ok(w.accept(638362368000000001n), 'a different nonce even though the doubles collide');
  assert.equal(w.accept(638362368000000001n), false);
});

test('replays are refused, out-of-order arrivals within the window are accepted', () => {
  const w = new NonceWindow(4);
  assert.ok(w.accept(100n));
  assert.ok(w.accept(103n));
  assert.ok(w.accept(101n), 'sent before 103, arrived after');
  assert.equal(w.accept(100n), false, 'replay');
  assert.ok(w.accept(102n));
  // The window is full (100..103): older than its smallest member is refused.
  assert.ok(w.accept(104n));
  assert.deepEqual(w.values(), [101n, 102n, 103n, 104n]);
  assert.equal(w.accept(100n), false);
  assert.equal(w.accept(99n), false);
  assert.equal(w.accept(101n), false);
});

test('a window that is not full accepts any unused nonce, whatever its size', () => {
  const w = new NonceWindow(1000);
  assert.ok(w.accept(1527152000000000n));
  assert.ok(w.accept(5n), 'a client in another unit, before the window fills');
  assert.equal(w.accept(5n), false);
});

test('every nonce ever accepted stays refused after it leaves the window', () => {
  const w = new NonceWindow(3);
  const accepted: bigint[] = [];
  // A scrambled sequence: each accepted nonce must stay refused forever after.
  for (const n of [50n, 10n, 70n, 20n, 60n, 90n, 30n, 80n, 100n, 65n, 95n]) {
    if (w.accept(n)) accepted.push(n);
    for (const old of accepted) assert.equal(w.wouldAccept(old), false, `replay of ${old}`);
  }
  assert.ok(accepted.length >= 6);
});

test('a long run of out-of-order nonces: the window holds the largest accepted ones and evicts the smallest', () => {
  // Many times the capacity, so the window drops its smallest member again and again; checked
  // against the plain definition (the `capacity` largest accepted nonces, sorted).
  const capacity = 5;
  const w = new NonceWindow(capacity);
  let expected: bigint[] = [];
  let seed = 7;
  for (let i = 0; i < 400; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const nonce = BigInt(i * 3 + (seed % 9)); // rising, with arrivals a few places out of order
    const fresh = !expected.includes(nonce) && (expected.length < capacity || nonce > expected[0]);
    const result = w.accept(nonce);
    assert.equal(result !== false, fresh, `nonce ${nonce}`);
    if (!fresh || result === false) continue;
    expected = [...expected, nonce].sort((a, b) => (a < b ? -1 : 1));
    const evicted = expected.length > capacity ? expected.shift() : undefined;
    assert.equal(result.evicted, evicted);
    assert.deepEqual(w.values(), expected);
    assert.equal(w.size, expected.length);
    assert.equal(w.floor, expected[0]);
  }
});
