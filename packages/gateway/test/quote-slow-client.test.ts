import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { type QuoteGateway, startQuoteGateway, testTick, testTrade } from './support/quote-gateway.js';
import { type Message, TestSocket } from './support/ws-client.js';

const SLOW = {
  limits: { slowClientBytes: 64 * 1024, zhubiQueueFrames: 20 },
  timers: { congestionCheckMs: 10 },
};

/** Stops reading the socket: the kernel buffers fill, then the gateway's send buffer. */
function stall(ws: TestSocket): Socket {
  const raw = (ws.socket as unknown as { _socket: Socket })._socket;
  raw.pause();
  return raw;
}

async function metric(q: QuoteGateway, name: string, labels: string): Promise<number> {
  const text = await (await fetch(q.http('/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('a stalled client gets conflated ticks while another client receives every tick', async (t) => {
  const q = await startQuoteGateway(t, { config: SLOW });
  const fast = await TestSocket.open(q.ws('/ws/tick'), t);
  const slow = await TestSocket.open(q.ws('/ws/tick'), t);
  for (const ws of [fast, slow]) {
    await ws.request({ uri: 'auth' });
    await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  }
  stall(slow);

  let price = 1_000;
  const send = async () => {
    price += 1;
    q.venue.tick(testTick('test/btc.usdt', price, { levels: 100 }));
    const got = await fast.next((m) => m.uri === 'single-tick-verbose');
    assert.equal(got.data.last, price, 'the fast client gets every tick, in order');
  };
  // Until the stalled client's buffers are full and its ticks are being conflated.
  for (let i = 0; (await metric(q, 'ots_frames_conflated_total', 'endpoint="ws/tick"')) === 0; i++) {
    assert.ok(i < 400, 'the stalled client is conflated before 400 rounds of 20 ticks');
    for (let k = 0; k < 20; k++) await send();
  }
  for (let k = 0; k < 50; k++) await send();
  assert.equal(
    await metric(q, 'ots_ws_clients', 'endpoint="ws/tick"'),
    2,
    'the stalled client is not closed',
  );
});

test('a stalled zhubi subscriber is queued up to the bound, then closed; others are not', async (t) => {
  const q = await startQuoteGateway(t, { config: SLOW });
  const fast = await TestSocket.open(q.ws('/ws/tick'), t);
  const slow = await TestSocket.open(q.ws('/ws/tick'), t);
  for (const ws of [fast, slow]) {
    await ws.request({ uri: 'auth' });
    await ws.request({ uri: 'subscribe-single-zhubi-verbose', contract: 'test/btc.usdt' });
  }
  stall(slow);
  const batch = (n: number) =>
    Array.from({ length: 50 }, (_, i) => testTrade('test/btc.usdt', 100 + n, 1 + i));
  for (let n = 0; (await metric(q, 'ots_ws_closed_total', 'reason="slow"')) === 0; n++) {
    assert.ok(n < 5_000, 'the stalled zhubi client is closed before 5,000 batches');
    q.venue.zhubi(batch(n));
    const got = await fast.next((m) => m.uri === 'single-zhubi-verbose');
    assert.equal(got.data.length, 50);
    assert.equal(got.data[0].price, 100 + n, 'the fast client gets every batch');
  }
  assert.ok((await metric(q, 'ots_frames_dropped_total', 'endpoint="ws/tick"')) > 0);
  assert.equal(await metric(q, 'ots_ws_clients', 'endpoint="ws/tick"'), 1);
});

test('a stalled tick-v3 client resumes with a fresh snapshot instead of the diffs it missed', async (t) => {
  const q = await startQuoteGateway(t, { config: SLOW });
  const slow = await TestSocket.open(q.ws('/ws/tick-v3?gzip=false'), t);
  await slow.request({ uri: 'auth' });
  await slow.request({ uri: 'subscribe-single-tick-verbose', contract: 'test/btc.usdt' });
  const raw = stall(slow);
  let price = 1_000;
  let last = testTick('test/btc.usdt', price);
  for (let i = 0; (await metric(q, 'ots_frames_dropped_total', 'endpoint="ws/tick-v3"')) === 0; i++) {
    assert.ok(i < 400, 'diffs are dropped before 400 rounds of 20 ticks');
    for (let k = 0; k < 20; k++) {
      price += 1;
      last = testTick('test/btc.usdt', price, { levels: 100 });
      q.venue.tick(last);
      await new Promise((r) => setImmediate(r));
    }
  }
  raw.resume();
  // Somewhere after the diffs it did get comes a snapshot of the latest book.
  const snapshot: Message = await slow.next(
    (m) => m.tp === 's' && m.l === last.price,
    'a snapshot of the latest tick',
  );
  assert.deepEqual(
    snapshot.b,
    last.bids.map((l) => [l.price, l.volume]),
  );
  q.venue.tick(testTick('test/btc.usdt', price + 1, { levels: 100 }));
  const diff = await slow.next((m) => m.tp !== undefined);
  assert.equal(diff.tp, 'd');
  assert.equal(diff.ui, snapshot.ui + 1);
});
