import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TickBuilder } from '../src/venues/live/tick-builder.js';

const levels = (from: number, step: number, n: number) =>
  Array.from({ length: n }, (_, i) => [from + i * step, i + 1]);

test('ticks from a live book: top 20 levels in order, exact times, and each tick keeps its own snapshot', () => {
  let now = Date.UTC(2026, 10, 25, 12, 0, 0, 123);
  const builder = new TickBuilder({ contract: 'okex/btc.usdt', quote: 'usdt', now: () => now });
  // ccxt keeps one book and changes it in place between updates.
  const book = { bids: levels(100, -0.5, 30), asks: levels(100.5, 0.5, 30), timestamp: now - 7 };
  assert.equal(builder.book(book), undefined, 'no tick before a last price is known');
  builder.seedLast(100.2);
  const first = builder.book(book);
  assert.ok(first);
  assert.equal(first.bids.length, 20);
  assert.equal(first.asks.length, 20);
  assert.deepEqual(first.bids[0], { price: 100, volume: 1 });
  assert.deepEqual(first.asks[19], { price: 110, volume: 20 });
  assert.ok(first.bids.every((l, i) => i === 0 || l.price < (first.bids[i - 1]?.price as number)));
  assert.ok(first.asks.every((l, i) => i === 0 || l.price > (first.asks[i - 1]?.price as number)));
  assert.equal(first.timestamp.toIso(), '2026-11-25T12:00:00.123000+00:00');
  assert.equal(first.exchangeTimestamp?.toIso(), '2026-11-25T12:00:00.116000+00:00');
  assert.equal(first.price, 100.2);

  // A trade moves the last price; its tick shows the book as it stood.
  now += 2;
  const { zhubi, tick: traded } = builder.trades([
    { price: 100.5, amount: 0.25, side: 'buy', timestamp: now - 1 },
  ]);
  assert.equal(zhubi.length, 1);
  assert.equal(zhubi[0]?.price, 100.5);
  assert.equal(zhubi[0]?.bs, 'b');
  assert.equal(zhubi[0]?.exchangeTimestamp?.toIso(), '2026-11-25T12:00:00.124000+00:00');
  assert.ok(traded);
  assert.equal(traded.price, 100.5);
  assert.equal(traded.volume, 0.25);
  assert.equal(traded.timestamp.toIso(), '2026-11-25T12:00:00.125000+00:00');

  // The exchange changes its book in place: ticks already made do not change with it.
  (book.bids[0] as number[])[1] = 99;
  book.asks.splice(0, 1);
  const second = builder.book(book);
  assert.ok(second);
  assert.deepEqual(second.bids[0], { price: 100, volume: 99 });
  assert.deepEqual(second.asks[0], { price: 101, volume: 2 });
  assert.equal(second.volume, 0, 'volume counts trades since the previous tick');
  assert.deepEqual(first.bids[0], { price: 100, volume: 1 });
  assert.deepEqual(traded.bids[0], { price: 100, volume: 1 });
  assert.deepEqual(traded.asks[0], { price: 100.5, volume: 1 });
  // A reader changing one tick's levels does not change another's.
  traded.bids[1] = { price: 1, volume: 1 };
  assert.deepEqual(first.bids[1], { price: 99.5, volume: 2 });
});

test('a level that is not a finite price and volume ends its side', () => {
  const builder = new TickBuilder({ contract: 'okex/btc.usdt', quote: 'usdt', now: () => 0 });
  builder.seedLast(1);
  const tick = builder.book({
    bids: [
      [2, 1],
      [1, Number.NaN],
      [0.5, 1],
    ],
    asks: [[3, 1]],
  });
  assert.deepEqual(tick?.bids, [{ price: 2, volume: 1 }]);
  assert.deepEqual(tick?.asks, [{ price: 3, volume: 1 }]);
  assert.equal(tick?.exchangeTimestamp, null);
});

test('a side the update left alone reads back the same; changing it later does not reach earlier ticks', () => {
  const builder = new TickBuilder({ contract: 'bitfinex/btc.usdt', quote: 'usdt', now: () => 0 });
  builder.seedLast(100);
  const book = { bids: levels(100, -0.5, 25), asks: levels(100.5, 0.5, 25) };
  const first = builder.book(book);
  // One level of one side changes per message (Bitfinex): first the asks, deep in the book.
  (book.asks[12] as number[])[1] = 42;
  const second = builder.book(book);
  assert.deepEqual(second?.bids, first?.bids);
  assert.deepEqual(second?.asks[12], { price: 106.5, volume: 42 });
  assert.deepEqual(second?.asks[11], { price: 106, volume: 12 });
  assert.deepEqual(first?.asks[12], { price: 106.5, volume: 13 });
  // Then the bids, in place at the top and by a new best level: neither earlier tick moves.
  (book.bids[0] as number[])[1] = 7;
  const third = builder.book(book);
  book.bids.unshift([100.25, 3]);
  const fourth = builder.book(book);
  assert.deepEqual(third?.bids[0], { price: 100, volume: 7 });
  assert.deepEqual(fourth?.bids.slice(0, 2), [
    { price: 100.25, volume: 3 },
    { price: 100, volume: 7 },
  ]);
  assert.equal(fourth?.bids.length, 20);
  assert.deepEqual(fourth?.bids[19], { price: 91, volume: 19 });
  assert.deepEqual(first?.bids[0], { price: 100, volume: 1 });
  assert.deepEqual(second?.bids[0], { price: 100, volume: 1 });
  assert.deepEqual(third?.asks, second?.asks);
  // A malformed level after an unchanged prefix still ends the side there.
  (book.asks[3] as number[])[0] = Number.NaN;
  const fifth = builder.book(book);
  assert.equal(fifth?.asks.length, 3);
  assert.deepEqual(fifth?.asks[2], { price: 101.5, volume: 3 });
});
