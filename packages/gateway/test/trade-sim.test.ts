import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type InfoData, OtsError } from '@ots/protocol';
import { tradeStack } from './support/trade-stack.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const rejects = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (err: unknown) => err instanceof OtsError && err.code === code);

test('place, list, amend and cancel on sim, with balances frozen and released exactly', async (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const { admin, service } = tradeStack(db);
  admin.createAccount('sim/alice', { usdt: 100000, btc: 2 });

  const ref = await service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    client_oid: 'sim/btc.usdt-first-order-1',
  });
  assert.deepEqual(ref.client_oid, 'sim/btc.usdt-first-order-1');
  assert.match(ref.exchange_oid, /^sim\/btc\.usdt-\d+$/);
  const open = await service.orders('sim/alice', {});
  assert.equal(open.length, 1);
  assert.equal(open[0].status, 'pending');
  const usdt = () => admin.getAccount('sim/alice').balances.find((b) => b.currency === 'usdt')!;
  assert.equal(usdt().frozen, 10);
  assert.equal(usdt().available, 99990);

  const amended = await service.amend('sim/alice', { client_oid: ref.client_oid }, { price: 11, amount: 2 });
  assert.equal(amended.exchange_oid, ref.exchange_oid, 'an amend keeps the exchange_oid');
  const [after] = await service.orders('sim/alice', { exchange_oid: ref.exchange_oid });
  assert.equal(after.entrust_price, 11);
  assert.equal(after.entrust_amount, 2);
  assert.equal(usdt().frozen, 22);

  assert.deepEqual(await service.cancel('sim/alice', { exchange_oid: ref.exchange_oid }), ref);
  assert.deepEqual(await service.orders('sim/alice', {}), []);
  assert.equal(usdt().frozen, 0);
  assert.equal(usdt().available, 100000);
  const ended = await service.orders('sim/alice', { state: 'end' });
  assert.equal(ended[0].status, 'withdrawn');
});

test('the same client_oid twice is refused and never placed twice', async (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const { admin, service } = tradeStack(db);
  admin.createAccount('sim/alice', { usdt: 1000 });
  const body = { contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1, client_oid: 'dup-client-oid-1' };
  const results = await Promise.allSettled([1, 2, 3].map(() => service.place('sim/alice', body)));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results.filter((r) => r.status === 'rejected')) {
    assert.equal(((r as PromiseRejectedResult).reason as OtsError).code, 'client_oid-already-existed');
  }
  assert.equal((await service.orders('sim/alice', { state: 'all' })).length, 1);
});

test('batches: a cancel of several ids answers a list; some failing answers partial-success with both lists', async (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const { admin, service } = tradeStack(db);
  admin.createAccount('sim/alice', { usdt: 1000 });
  const a = await service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    client_oid: 'batch-a',
  });
  const b = await service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    client_oid: 'batch-b',
  });
  const c = await service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    client_oid: 'batch-c',
  });
  assert.equal((await service.orders('sim/alice', { client_oid: 'batch-a,batch-b' })).length, 2);
  await rejects(service.orders('sim/alice', { client_oid: 'nope' }), 'client_oid-not-found');
  assert.deepEqual(await service.cancel('sim/alice', { client_oid: 'batch-a,batch-b' }), [a, b]);
  try {
    await service.cancel('sim/alice', { client_oid: 'batch-c,missing-one' });
    assert.fail('expected partial-success');
  } catch (err) {
    assert.ok(err instanceof OtsError);
    assert.equal(err.code, 'partial-success');
    assert.equal(err.status, 400);
    const data = err.data as { success: unknown[]; error: Array<{ client_oid: string; code: string }> };
    assert.deepEqual(data.success, [c]);
    assert.equal(data.error[0].client_oid, 'missing-one');
    assert.equal(data.error[0].code, 'client_oid-not-found');
  }
  await rejects(service.cancel('sim/alice', { client_oid: 'batch-a' }), 'exg-cancel-order-not-exist');
});

test('risk limits and the kill switch refuse orders with their own codes', async (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const { admin, service } = tradeStack(db);
  admin.createAccount('sim/alice', { usdt: 100000 });
  const order = (over: Record<string, unknown> = {}) => ({
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    ...over,
  });
  admin.setLimits('sim/alice', { max_order_amount: 2, max_order_notional: 100, max_open_orders: 2 });
  await rejects(service.place('sim/alice', order({ amount: 3 })), 'risk-max-amount');
  await rejects(service.place('sim/alice', order({ price: 60, amount: 2 })), 'risk-max-notional');
  await service.place('sim/alice', order());
  await service.place('sim/alice', order());
  await rejects(service.place('sim/alice', order()), 'risk-max-open-orders');
  admin.setLimits('sim/alice', { max_open_orders: null });
  await service.place('sim/alice', order());

  const cancelled = await admin.halt('sim/alice');
  assert.equal(cancelled, 3);
  assert.deepEqual(await service.orders('sim/alice', {}), []);
  await rejects(service.place('sim/alice', order()), 'account-halted');
  assert.equal(service.status('sim/alice').status, 'halted');
  admin.resume('sim/alice');
  await service.place('sim/alice', order());
});

test('a restart restores balances, open orders and the client_oid history from the journal', async (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  let stack = tradeStack(db);
  stack.admin.createAccount('sim/alice', { usdt: 1000, btc: 1 });
  const kept = await stack.service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    client_oid: 'kept-1',
  });
  const gone = await stack.service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 99999,
    bs: 's',
    amount: 0.5,
    client_oid: 'gone-1',
  });
  await stack.service.cancel('sim/alice', { exchange_oid: gone.exchange_oid });
  const infoBefore = await stack.service.info('sim/alice');
  const balancesBefore = stack.admin.getAccount('sim/alice').balances;
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  stack = tradeStack(db);
  assert.deepEqual(stack.admin.getAccount('sim/alice').balances, balancesBefore);
  const btc = (info: InfoData) => info.position.find((p) => p.contract === 'btc');
  assert.deepEqual(btc(await stack.service.info('sim/alice')), btc(infoBefore));
  const open = await stack.service.orders('sim/alice', {});
  assert.deepEqual(
    open.map((o) => o.exchange_oid),
    [kept.exchange_oid],
  );
  await rejects(
    stack.service.place('sim/alice', {
      contract: 'sim/btc.usdt',
      price: 10,
      bs: 'b',
      amount: 1,
      client_oid: 'gone-1',
    }),
    'client_oid-already-existed',
  );
  const next = await stack.service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
  });
  const idOf = (oid: string) => Number(oid.slice(oid.lastIndexOf('-') + 1));
  assert.ok(
    idOf(next.exchange_oid) > idOf(gone.exchange_oid),
    'exchange_oids continue after a restart, past the newest (finished) order',
  );
  await stack.service.cancel('sim/alice', { exchange_oid: kept.exchange_oid });
});
