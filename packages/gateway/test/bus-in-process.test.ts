import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tick, Timestamp, Zhubi } from '@ots/protocol';
import { InProcessBus } from '../src/bus/in-process.js';

const tickOf = (contract: string, price: number) =>
  new Tick({ time: Timestamp.fromEpochMicros(0), price, contract });

test('the in-process bus delivers by NATS subject, and follows subscriptions made or ended after publishing began', () => {
  const bus = new InProcessBus();
  const all: Array<[string, number]> = [];
  const stopAll = bus.subscribe('tick', '>', (tick, subject) => all.push([subject, tick.price]));
  bus.publish('tick', 'okex/btc.usdt', tickOf('okex/btc.usdt', 1));
  bus.publish('tick', 'gate/btc.usdt', tickOf('gate/btc.usdt', 2));

  // A subscriber that arrives after the subjects were first used still gets what it matches.
  const okex: number[] = [];
  const stopOkex = bus.subscribe('tick', 'okex.*.*', (tick) => okex.push(tick.price));
  bus.publish('tick', 'okex/btc.usdt', tickOf('okex/btc.usdt', 3));
  bus.publish('tick', 'gate/btc.usdt', tickOf('gate/btc.usdt', 4));

  // The same contract on another kind is another subject.
  const zhubi: string[] = [];
  bus.subscribe('zhubi', 'okex.>', (trades, subject) => zhubi.push(`${subject} ${trades.length}`));
  const trade = new Zhubi({
    time: Timestamp.fromEpochMicros(0),
    contract: 'okex/btc.usdt',
    price: 3,
    amount: 1,
    bs: 'b',
  });
  bus.publish('zhubi', 'okex/btc.usdt', [trade]);

  // Ended subscriptions get nothing more.
  stopOkex();
  bus.publish('tick', 'okex/btc.usdt', tickOf('okex/btc.usdt', 5));
  stopAll();
  bus.publish('tick', 'okex/btc.usdt', tickOf('okex/btc.usdt', 6));

  assert.deepEqual(all, [
    ['tick.okex.btc.usdt', 1],
    ['tick.gate.btc.usdt', 2],
    ['tick.okex.btc.usdt', 3],
    ['tick.gate.btc.usdt', 4],
    ['tick.okex.btc.usdt', 5],
  ]);
  assert.deepEqual(okex, [3]);
  assert.deepEqual(zhubi, ['zhubi.okex.btc.usdt 1']);
});

test('a handler that unsubscribes during a publish does not stop the others of that publish', () => {
  const bus = new InProcessBus();
  const seen: string[] = [];
  const stopFirst = bus.subscribe('tick', '>', () => {
    seen.push('first');
    stopFirst();
  });
  bus.subscribe('tick', '>', () => seen.push('second'));
  bus.publish('tick', 'okex/btc.usdt', tickOf('okex/btc.usdt', 1));
  bus.publish('tick', 'okex/btc.usdt', tickOf('okex/btc.usdt', 2));
  assert.deepEqual(seen, ['first', 'second', 'second']);
});
