/** How values reach a slow or failing consumer: in order, bounded, never silently lost. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError } from '@ots/protocol';
import { CallbackSink, IteratorSink } from '../src/delivery.js';

const unexpected = (error: unknown) => assert.fail(`unexpected error: ${String(error)}`);

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

test('a sync callback gets every value in order', () => {
  const seen: number[] = [];
  const sink = new CallbackSink<number>((v) => void seen.push(v), 'latest', 1, 'ticks', unexpected);
  for (let i = 1; i <= 5; i++) sink.push(i);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
});

test('an async callback that falls behind gets the latest value next (ticks)', async () => {
  const seen: number[] = [];
  const first = gate();
  const done = gate();
  const sink = new CallbackSink<number>(
    async (v) => {
      seen.push(v);
      if (v === 1) await first.opened;
      if (v === 5) done.open();
    },
    'latest',
    1,
    'ticks',
    unexpected,
  );
  for (let i = 1; i <= 5; i++) sink.push(i);
  first.open();
  await done.opened;
  assert.deepEqual(seen, [1, 5]);
});

test('an async callback on a queue gets every value, and past the bound an sdk-slow-consumer error', async () => {
  const seen: number[] = [];
  const errors: unknown[] = [];
  const first = gate();
  const sink = new CallbackSink<number>(
    async (v) => {
      seen.push(v);
      if (v === 1) await first.opened;
    },
    'queue',
    3,
    'trades of sim/btc.usdt',
    (e) => errors.push(e),
  );
  for (let i = 1; i <= 6; i++) sink.push(i);
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as OtsError).code, 'sdk-slow-consumer');
  assert.match((errors[0] as OtsError).message, /trades of sim\/btc.usdt/);
  first.open();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(seen, [1, 2, 3, 4]);
  // Caught up: the next overflow is reported again.
  sink.push(7);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(seen, [1, 2, 3, 4, 7]);
});

test('a callback that throws or rejects is reported and keeps receiving', async () => {
  const errors: unknown[] = [];
  const seen: number[] = [];
  const sink = new CallbackSink<number>(
    (v) => {
      seen.push(v);
      if (v === 1) throw new Error('sync boom');
      if (v === 2) return Promise.reject(new Error('async boom'));
    },
    'latest',
    1,
    'ticks',
    (e) => errors.push(e),
  );
  sink.push(1);
  sink.push(2);
  await new Promise((resolve) => setImmediate(resolve));
  sink.push(3);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['sync boom', 'async boom'],
  );
});

test('an iterator holds the latest tick while the loop body runs, and break unsubscribes', async () => {
  let unsubscribed = 0;
  const it = new IteratorSink<number>('latest', 1, 'ticks', () => unsubscribed++);
  it.push(1);
  it.push(2);
  const seen: number[] = [];
  for await (const v of it) {
    seen.push(v);
    if (v === 2) {
      it.push(3);
      it.push(4);
    }
    if (v === 4) break;
  }
  assert.deepEqual(seen, [2, 4]);
  assert.equal(unsubscribed, 1);
});

test('a queue iterator past its bound yields what it kept, then throws sdk-slow-consumer', async () => {
  let unsubscribed = 0;
  const it = new IteratorSink<number>('queue', 2, 'trades', () => unsubscribed++);
  it.push(1);
  it.push(2);
  it.push(3);
  assert.equal(unsubscribed, 1);
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const v of it) seen.push(v);
    })(),
    (e: unknown) => e instanceof OtsError && e.code === 'sdk-slow-consumer',
  );
  assert.deepEqual(seen, [1, 2]);
});
