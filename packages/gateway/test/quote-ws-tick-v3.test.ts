import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startQuoteGateway, testTick } from './support/quote-gateway.js';
import { type Message, TestSocket } from './support/ws-client.js';

/** The PYSDK client algorithm: merge a diff into the book, `[p, 0]` deletes. */
function apply(book: Map<number, number>, levels: [number, number][]): void {
  for (const [price, volume] of levels) {
    if (volume <= 0) book.delete(price);
    else book.set(price, volume);
  }
}

function sorted(book: Map<number, number>, descending: boolean): [number, number][] {
  return [...book.entries()].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
}

test('tick-v3: gzip by default, snapshot on subscribe, diffs with ui rising by one, vc included', async (t) => {
  const q = await startQuoteGateway(t);
  q.venue.tick(testTick('test/btc.usdt', 100));
  const ws = await TestSocket.open(q.ws('/ws/tick-v3'), t);
  await ws.request({ uri: 'auth' });
  const ack = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.equal(ack.code, 'success');
  const snapshot = await ws.nextReceived((m) => m.tp !== undefined);
  assert.equal(snapshot.binary, true, 'gzip by default');
  const s: Message = snapshot.message;
  assert.equal(s.tp, 's');
  assert.equal(s.c, 'test/btc.usdt');
  assert.equal(s.l, 100);
  for (const key of ['ui', 'tm', 'et', 'v', 'vc', 'b', 'a']) assert.ok(key in s, `snapshot has ${key}`);
  assert.equal(s.uri, undefined, 'v3 messages have no uri');

  const bids = new Map<number, number>(s.b);
  const asks = new Map<number, number>(s.a);
  let ui = s.ui;
  // Books that move: levels appear, change and disappear.
  const ticks = [
    testTick('test/btc.usdt', 101, { levels: 4 }),
    testTick('test/btc.usdt', 99, { levels: 2 }),
    testTick('test/btc.usdt', 99, { levels: 5, volume: 3 }),
  ];
  for (const tick of ticks) {
    q.venue.tick(tick);
    const d = await ws.next((m) => m.tp !== undefined);
    assert.equal(d.tp, 'd');
    assert.equal(d.ui, ui + 1, 'ui rises by one');
    ui = d.ui;
    assert.equal(d.l, tick.price);
    assert.equal(d.v, tick.volume);
    assert.equal(d.vc, tick.amount);
    assert.equal(d.tm, tick.timestamp.toEpochSeconds());
    apply(bids, d.b);
    apply(asks, d.a);
    assert.deepEqual(
      sorted(bids, true),
      tick.bids.map((l) => [l.price, l.volume]),
    );
    assert.deepEqual(
      sorted(asks, false),
      tick.asks.map((l) => [l.price, l.volume]),
    );
  }
});

test('tick-v3 ?gzip=false gives text frames; a fresh snapshot replaces a diff every snapshot period', async (t) => {
  const q = await startQuoteGateway(t, { config: { timers: { tickV3SnapshotMs: 200 } } });
  const ws = await TestSocket.open(q.ws('/ws/tick-v3?gzip=false'), t);
  await ws.request({ uri: 'auth' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/eth.usdt' });
  q.venue.tick(testTick('test/eth.usdt', 2000));
  const first = await ws.nextReceived((m) => m.tp !== undefined);
  assert.equal(first.binary, false);
  assert.equal(first.message.tp, 's');
  // Ticks keep coming; within a few periods one of them is a snapshot again.
  let snapshotAgain: Message | undefined;
  while (!snapshotAgain) {
    q.venue.tick(testTick('test/eth.usdt', 2001));
    const m = await ws.next((x) => x.tp !== undefined);
    if (m.tp === 's') snapshotAgain = m;
    else await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(snapshotAgain.c, 'test/eth.usdt');
  assert.ok(Array.isArray(snapshotAgain.b) && snapshotAgain.b.length === 3);
});

test('tick-v3 needs auth, and unsubscribe stops the stream', async (t) => {
  const q = await startQuoteGateway(t);
  const ws = await TestSocket.open(q.ws('/ws/tick-v3?gzip=false'), t);
  const refused = await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.equal(refused.code, 'no-valid-authentication');
  await ws.request({ uri: 'auth' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  const unsub = await ws.request({ uri: 'unsubscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  assert.equal(unsub.code, 'success');
  q.venue.tick(testTick('test/btc.usdt', 100));
  await ws.request({ uri: 'ping' });
  assert.ok(!ws.received.some((r) => r.message.tp !== undefined));
});
