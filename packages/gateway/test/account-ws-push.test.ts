import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Order, sign } from '@ots/protocol';
import { nextNonce, TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';
import { type Msg, TestSocket, uri } from './support/trade-ws.js';

async function signedHeaders(secret: string, apiKey: string, name: string): Promise<Record<string, string>> {
  const nonce = nextNonce();
  return {
    'Api-Key': apiKey,
    'Api-Nonce': nonce,
    'Api-Signature': await sign(secret, 'GET', `/ws/${name}`, nonce),
  };
}

test('account socket: header auth, sub-order and sub-info snapshots, then every change', async (t) => {
  const gateway = await tradeGateway(t);
  gateway.admin.createAccount('sim/alice', { usdt: 100000, btc: 1 });
  const creds = gateway.admin.createKey({ accounts: ['sim/alice'] });
  const alice = new TradeClient(gateway.url, 'sim/alice', creds);
  const resting = await alice.place({
    contract: 'sim/btc.usdt',
    price: 100,
    bs: 'b',
    amount: 0.1,
    client_oid: 'ws-rest-1',
  });

  const wsUrl = `${gateway.url.replace('http', 'ws')}/api/v1/ws/trade/sim/alice?source=csharp`;
  const socket = new TestSocket(wsUrl, await signedHeaders(creds.api_secret, creds.api_key, 'alice'));
  t.after(() => socket.close());
  assert.deepEqual(await socket.next(), { uri: 'status', code: 'connected', message: 'account: sim/alice' });

  socket.send({ uri: 'ping', uuid: 'this-is-a-uuid' });
  const pong = await socket.next(uri('pong'));
  assert.equal(pong.uuid, 'this-is-a-uuid');
  assert.equal(typeof pong.timestamp, 'number');

  socket.send({ uri: 'sub-order' });
  assert.deepEqual(await socket.next(uri('sub-order')), { uri: 'sub-order', code: 'success' });
  const snapshot = await socket.next((m) => m.uri === 'order' && m.type === 'snapshot');
  assert.deepEqual(
    (snapshot.data as Order[]).map((o) => o.exchange_oid),
    [resting.body.exchange_oid],
  );

  socket.send({ uri: 'sub-info' });
  assert.deepEqual(await socket.next(uri('sub-info')), { uri: 'sub-info', code: 'success' });
  const info = (await socket.next((m) => m.uri === 'info')) as Msg & {
    data: { position: Array<Record<string, number | string>> };
  };
  assert.equal(info.type, 'snapshot');
  const usdt = (m: typeof info) => m.data.position.find((p) => p.contract === 'usdt')!;
  assert.equal(usdt(info).frozen, 10);

  const placed = await alice.place({
    contract: 'sim/btc.usdt',
    price: 200,
    bs: 'b',
    amount: 0.1,
    client_oid: 'ws-new-1',
  });
  const update = await socket.next((m) => m.uri === 'order' && m.type === 'update');
  const [pushed] = update.data as Order[];
  assert.equal(pushed.exchange_oid, placed.body.exchange_oid);
  assert.equal(pushed.status, 'pending');
  const infoAfter = (await socket.next((m) => m.uri === 'info')) as typeof info;
  assert.equal(usdt(infoAfter).frozen, 30);

  await alice.cancel(`client_oid=ws-new-1`);
  const cancelled = await socket.next((m) => m.uri === 'order' && m.type === 'update');
  assert.equal((cancelled.data as Order[])[0].status, 'withdrawn');

  socket.send({ uri: 'unsub-order' });
  assert.deepEqual(await socket.next(uri('unsub-order')), { uri: 'unsub-order', code: 'success' });
  socket.send({ uri: 'no-such-thing' });
  assert.equal((await socket.next(uri('no-such-thing'))).code, 'invalid-param');
});

test('a resting order filled by the market timer is stored, then pushed', { timeout: 120_000 }, async (t) => {
  const gateway = await tradeGateway(t, { config: { sim: { tickIntervalMs: 50 } } });
  gateway.admin.createAccount('sim/maker', { usdt: 1_000_000 });
  const creds = gateway.admin.createKey({ accounts: ['sim/maker'] });
  const maker = new TradeClient(gateway.url, 'sim/maker', creds);
  const socket = new TestSocket(
    `${gateway.url.replace('http', 'ws')}/api/v1/ws/trade/sim/maker`,
    await signedHeaders(creds.api_secret, creds.api_key, 'maker'),
  );
  t.after(() => socket.close());
  await socket.next(uri('status'));
  socket.send({ uri: 'sub-order' });
  await socket.next((m) => m.uri === 'order' && m.type === 'snapshot');

  // The best bid, one tick inside the spread, post-only (refused rather than filled if the book
  // moved under it meanwhile): the synthetic takers' sells reach it first, on the market timer.
  let placed: { status: number } | undefined;
  for (let attempt = 0; attempt < 20 && placed?.status !== 200; attempt++) {
    const { bids } = gateway.sim!.engine.depth('sim/btc.usdt', 1);
    const price = Math.round((bids[0].price + 0.01) * 100) / 100;
    placed = await maker.place({
      contract: 'sim/btc.usdt',
      price,
      bs: 'b',
      amount: 0.5,
      client_oid: `timer-fill-${attempt}`,
      options: { type: 'post_only' },
    });
  }
  assert.equal(placed?.status, 200);
  const filled = await socket.next(
    (m) =>
      m.uri === 'order' &&
      (m.data as Order[]).some((o) => o.client_oid.startsWith('timer-fill-') && o.dealt_amount > 0),
  );
  const order = (filled.data as Order[]).find(
    (o) => o.client_oid.startsWith('timer-fill-') && o.dealt_amount > 0,
  )!;
  // Pushed only after the commit: the fill is already readable.
  const trans = (await maker.get<Array<{ exchange_oid: string; dealt_type: string }>>('/trans')).body;
  assert.ok(trans.some((f) => f.exchange_oid === order.exchange_oid && f.dealt_type === 'maker'));
  const [stored] = (await maker.get<Order[]>('/orders', `client_oid=${order.client_oid}`)).body;
  assert.ok(stored.dealt_amount >= order.dealt_amount);
});
