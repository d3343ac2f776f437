import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startQuoteGateway } from './support/quote-gateway.js';
import { TestSocket } from './support/ws-client.js';

test('sim: a user order that trades is published at once (zhubi and a fresh tick), not at the next step', async (t) => {
  // One market step at start, then none for a minute: anything pushed after that comes from the order.
  const q = await startQuoteGateway(t, { sim: true, config: { sim: { tickIntervalMs: 60_000 } } });
  const ws = await TestSocket.open(q.ws('/ws/tick'), t);
  await ws.request({ uri: 'auth' });
  await ws.request({ uri: 'subscribe-single-zhubi-verbose', contract: 'sim/btc.usdt' });
  await ws.request({ uri: 'subscribe-single-tick-verbose', contract: 'sim/btc.usdt' });
  const before = await ws.next((m) => m.uri === 'single-tick-verbose');
  const ask = before.data.asks[0];

  const sim = q.gateway.sim!;
  const nowUs = sim.nowUs();
  const deposit = sim.engine.apply(
    { kind: 'deposit', account: 'sim/quote-test', currency: 'usdt', amount: 1_000_000 },
    nowUs,
  );
  assert.equal(deposit.ok, true);
  const placed = sim.engine.apply(
    {
      kind: 'place',
      account: 'sim/quote-test',
      contract: 'sim/btc.usdt',
      bs: 'b',
      price: ask.price,
      amount: ask.volume,
      client_oid: 'sim/btc.usdt-quotetest000001',
    },
    nowUs,
  );
  assert.equal(placed.ok, true);

  const zhubi = await ws.next((m) => m.uri === 'single-zhubi-verbose');
  assert.deepEqual(
    zhubi.data.map((z: { price: number; amount: number; bs: string }) => [z.price, z.amount, z.bs]),
    [[ask.price, ask.volume, 'b']],
  );
  const after = await ws.next((m) => m.uri === 'single-tick-verbose');
  assert.equal(after.data.last, ask.price);
  assert.equal(after.data.volume, ask.volume);
  assert.notEqual(after.data.asks[0].price, ask.price, 'the best ask was taken');
});
