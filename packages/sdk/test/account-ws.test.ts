/** subscribeOrders and subscribeInfo over the real gateway's account websocket. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Account, type Info, type Order, OtsError } from '@ots/sdk';
import { Collector, startTestGateway } from './support/gateway.js';

const fast = { pingIntervalMs: 50, pongTimeoutMs: 2000, backoff: { initialMs: 10, maxMs: 100 } };

type Push = { orders: Order[]; type: 'snapshot' | 'update' };

async function setup(t: Parameters<typeof startTestGateway>[0]) {
  const gw = await startTestGateway(t);
  gw.gateway.admin.createAccount('sim/alice', { usdt: 1_000_000, btc: 5 });
  const key = gw.gateway.admin.createKey({ accounts: ['sim/alice'] });
  const errors: unknown[] = [];
  const alice = new Account('sim/alice', {
    url: gw.url,
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    ...fast,
    onError: (e) => errors.push(e),
  });
  t.after(() => alice.close());
  return { gw, key, alice, errors };
}

test('subscribeOrders: a snapshot of open orders, then an update for every change', async (t) => {
  const { alice, errors } = await setup(t);
  const resting = await alice.placeOrder('sim/btc.usdt', 1000, 'b', 0.01);
  const pushes = new Collector<Push>();
  await alice.subscribeOrders((orders, type) => pushes.push({ orders, type }));
  await pushes.count(1);
  assert.equal(pushes.values[0].type, 'snapshot');
  assert.deepEqual(
    pushes.values[0].orders.map((o) => o.client_oid),
    [resting.client_oid],
  );

  const placed = await alice.placeOrder('sim/btc.usdt', 1001, 'b', 0.02);
  await alice.cancelUseClientOid(placed.client_oid);
  await pushes.until((values) =>
    values.some((p) => p.orders.some((o) => o.client_oid === placed.client_oid && o.status === 'withdrawn')),
  );
  const updates = pushes.values.slice(1);
  assert.ok(updates.every((p) => p.type === 'update'));
  const statuses = updates.flatMap((p) =>
    p.orders.filter((o) => o.client_oid === placed.client_oid).map((o) => o.status),
  );
  assert.equal(statuses[0], 'pending');
  assert.equal(statuses.at(-1), 'withdrawn');
  assert.deepEqual(errors, []);
});

test('subscribeInfo: the account info now and after every balance change; sync and async callbacks', async (t) => {
  const { alice } = await setup(t);
  const infos = new Collector<Info>();
  const asyncInfos = new Collector<number>();
  await alice.subscribeInfo(infos.push);
  await alice.subscribeInfo(async (info) => {
    await new Promise((resolve) => setImmediate(resolve));
    asyncInfos.push(info.getTotalAmount('usdt'));
  });
  await infos.count(1);
  assert.equal(infos.values[0].getTotalAmount('btc'), 5);
  // A resting bid freezes usdt: the info changes and is pushed.
  await alice.placeOrder('sim/btc.usdt', 1000, 'b', 0.01);
  await infos.until((values) =>
    values.some((info) =>
      info.data.position.some((p) => p.contract === 'usdt' && Number((p as { frozen?: number }).frozen) > 0),
    ),
  );
  await asyncInfos.count(1);
});

test('an unsubscribed callback gets nothing more; the socket keeps serving the others', async (t) => {
  const { alice } = await setup(t);
  const kept = new Collector<Push>();
  const dropped = new Collector<Push>();
  await alice.subscribeOrders((orders, type) => kept.push({ orders, type }));
  const subscription = await alice.subscribeOrders((orders, type) => dropped.push({ orders, type }));
  await kept.count(1);
  subscription.unsubscribe();
  const placed = await alice.placeOrder('sim/btc.usdt', 1000, 'b', 0.01);
  await kept.until((values) => values.some((p) => p.orders.some((o) => o.client_oid === placed.client_oid)));
  assert.ok(dropped.values.every((p) => p.type === 'snapshot'));
});

test('wrong credentials: subscribing rejects with the server code instead of retrying forever', async (t) => {
  const { gw, key } = await setup(t);
  const forged = new Account('sim/alice', {
    url: gw.url,
    apiKey: key.api_key,
    apiSecret: 'wrong',
    ...fast,
    onError: () => {},
  });
  t.after(() => forged.close());
  await assert.rejects(
    forged.subscribeOrders(() => {}),
    (e: unknown) => {
      assert.ok(e instanceof OtsError);
      assert.equal(e.code, 'invalid-api-key');
      return true;
    },
  );
  gw.gateway.admin.createAccount('sim/bob', { usdt: 1 });
  const foreign = new Account('sim/bob', {
    url: gw.url,
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    ...fast,
    onError: () => {},
  });
  t.after(() => foreign.close());
  await assert.rejects(
    foreign.subscribeInfo(() => {}),
    (e: unknown) => e instanceof OtsError && e.code === 'no-permission',
  );
});

test('the gateway restarted: the account socket reconnects, re-subscribes and sends a fresh snapshot', async (t) => {
  const { gw, alice } = await setup(t);
  const pushes = new Collector<Push>();
  const events: string[] = [];
  alice.on('disconnect', () => events.push('disconnect'));
  alice.on('reconnect', () => events.push('reconnect'));
  await alice.subscribeOrders((orders, type) => pushes.push({ orders, type }));
  await pushes.count(1);
  const placed = await alice.placeOrder('sim/btc.usdt', 1000, 'b', 0.01);
  await pushes.until((values) =>
    values.some((p) => p.orders.some((o) => o.client_oid === placed.client_oid)),
  );

  const disconnected = new Promise<void>((resolve) => alice.once('disconnect', () => resolve()));
  await gw.stop();
  await disconnected;
  await gw.start();
  // The order survived in the store: the new snapshot lists it.
  await pushes.until((values) => values.filter((p) => p.type === 'snapshot').length === 2);
  const snapshot = pushes.values.filter((p) => p.type === 'snapshot')[1];
  assert.deepEqual(
    snapshot.orders.map((o) => o.client_oid),
    [placed.client_oid],
  );
  assert.deepEqual(events, ['disconnect', 'reconnect']);
});
