import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DealtTrans, Order } from '@ots/protocol';
import { TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';

type Err = {
  code: string;
  message: string;
  data?: { success: unknown[]; error: Array<Record<string, string>> };
};
type Ref = { exchange_oid: string; client_oid: string };

test('every private endpoint on sim, with its error codes', async (t) => {
  const gateway = await tradeGateway(t);
  gateway.admin.createAccount('sim/alice', { usdt: 1_000_000, btc: 5 });
  const alice = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'] }),
  );
  const bid = (over: Record<string, unknown> = {}) => ({
    contract: 'sim/btc.usdt',
    price: 1000,
    bs: 'b',
    amount: 0.01,
    ...over,
  });

  await t.test(
    'POST /orders answers {exchange_oid, client_oid}; the same client_oid again is 409',
    async () => {
      const res = await alice.place(
        bid({ client_oid: 'ep-1', tags: 'strategy:grid,leg:1', options: '{"close": true}' }),
      );
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body).sort(), ['client_oid', 'exchange_oid']);
      const again = await alice.place(bid({ client_oid: 'ep-1' }));
      assert.equal(again.status, 409);
      assert.equal((again.body as unknown as Err).code, 'client_oid-already-existed');
      const [order] = (await alice.get<Order[]>('/orders', 'client_oid=ep-1')).body;
      assert.deepEqual(order.tags, { strategy: 'grid', leg: '1' }, 'old string tags are echoed as an object');
      assert.deepEqual(order.options, { close: true });
      assert.equal(order.account, 'sim/alice');
      assert.equal(order.version >= 1, true);
      for (const key of [
        'entrust_time',
        'last_update',
        'average_dealt_price',
        'dealt_amount',
        'commission',
        'status',
      ]) {
        assert.ok(key in order, key);
      }
    },
  );

  await t.test('GET /orders filters by state, contract, client_oid and exchange_oid batches', async () => {
    const eth = await alice.place({
      contract: 'sim/eth.usdt',
      price: 100,
      bs: 'b',
      amount: 0.1,
      client_oid: 'ep-eth',
    });
    assert.equal(eth.status, 200);
    const all = (await alice.get<Order[]>('/orders')).body;
    assert.equal(all.length, 2);
    assert.deepEqual(
      (await alice.get<Order[]>('/orders', 'contract=sim/eth.usdt')).body.map((o) => o.client_oid),
      ['ep-eth'],
    );
    assert.equal((await alice.get<Order[]>('/orders', 'state=pending')).body.length, 2);
    assert.equal((await alice.get<Order[]>('/orders', 'state=dealt')).body.length, 0);
    const byIds = await alice.get<Order[]>('/orders', `exchange_oid=${eth.body.exchange_oid}`);
    assert.equal(byIds.body.length, 1);
    assert.equal((await alice.get<Order[]>('/orders', 'client_oid=ep-1,ep-eth')).body.length, 2);
    const one = await alice.get<Err>('/orders', 'client_oid=nope');
    assert.equal(one.status, 404);
    assert.equal(one.body.code, 'client_oid-not-found');
    const eoid = await alice.get<Err>('/orders', 'exchange_oid=sim/btc.usdt-999999');
    assert.equal(eoid.body.code, 'exchange_oid-not-found');
    const partial = await alice.get<Err>('/orders', 'client_oid=ep-1,nope');
    assert.equal(partial.status, 400);
    assert.equal(partial.body.code, 'partial-success');
    assert.equal(partial.body.data?.success.length, 1);
    assert.deepEqual(
      partial.body.data?.error.map((e) => e.client_oid),
      ['nope'],
    );
    const bad = await alice.get<Err>('/orders', 'state=finished');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid-param');
  });

  await t.test('PATCH /orders amends price and amount and keeps the exchange_oid', async () => {
    const [before] = (await alice.get<Order[]>('/orders', 'client_oid=ep-1')).body;
    const res = await alice.request<Ref>('PATCH', '/orders', {
      query: 'client_oid=ep-1',
      body: { price: 1100, amount: 0.02 },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { exchange_oid: before.exchange_oid, client_oid: 'ep-1' });
    const [after] = (await alice.get<Order[]>('/orders', 'client_oid=ep-1')).body;
    assert.equal(after.entrust_price, 1100);
    assert.equal(after.entrust_amount, 0.02);
    assert.equal(after.exchange_oid, before.exchange_oid);
    const byEoid = await alice.request<Ref>('PATCH', '/orders', {
      query: `exchange_oid=${before.exchange_oid}`,
      body: { price: 1200 },
    });
    assert.equal(byEoid.status, 200);
    const none = await alice.request<Err>('PATCH', '/orders', { query: 'client_oid=ep-1', body: {} });
    assert.equal(none.body.code, 'invalid-param');
    const missing = await alice.request<Err>('PATCH', '/orders', {
      query: 'client_oid=nope',
      body: { price: 1 },
    });
    assert.equal(missing.body.code, 'client_oid-not-found');
  });

  await t.test(
    'DELETE /orders: one id answers an object, a batch a list, a partly failing batch 400 partial-success',
    async () => {
      const refs: Ref[] = [];
      for (const id of ['c-1', 'c-2', 'c-3']) refs.push((await alice.place(bid({ client_oid: id }))).body);
      const one = await alice.cancel('client_oid=c-1');
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, refs[0]);
      const again = await alice.cancel('client_oid=c-1');
      assert.equal(again.status, 400);
      assert.equal((again.body as Err).code, 'exg-cancel-order-not-exist');
      const partial = await alice.cancel('client_oid=c-2,c-1');
      assert.equal(partial.status, 400);
      const body = partial.body as Err;
      assert.equal(body.code, 'partial-success');
      assert.deepEqual(body.data?.success, [refs[1]]);
      assert.deepEqual(
        body.data?.error.map((e) => [e.client_oid, e.code]),
        [['c-1', 'exg-cancel-order-not-exist']],
      );
      const fresh = [(await alice.place(bid({ client_oid: 'c-4' }))).body, refs[2]];
      const batch = await alice.cancel(`exchange_oid=${fresh.map((r) => r.exchange_oid).join(',')}`);
      assert.equal(batch.status, 200);
      assert.deepEqual(batch.body, fresh);
      const neither = await alice.cancel('');
      assert.equal((neither.body as Err).code, 'invalid-param');
      const notFound = await alice.cancel('exchange_oid=sim/btc.usdt-424242');
      assert.equal(notFound.status, 404);
      assert.equal((notFound.body as Err).code, 'exchange_oid-not-found');
    },
  );

  await t.test('GET /orders?state=end pages with limit and before, newest first', async () => {
    const ended = (await alice.get<Order[]>('/orders', 'state=end')).body;
    assert.equal(ended.length, 4);
    const page1 = (await alice.get<Order[]>('/orders', 'state=end&limit=3')).body;
    assert.deepEqual(
      page1.map((o) => o.client_oid),
      ['c-4', 'c-3', 'c-2'],
    );
    const page2 = (await alice.get<Order[]>('/orders', `state=end&limit=3&before=${page1[2].exchange_oid}`))
      .body;
    assert.deepEqual(
      page2.map((o) => o.client_oid),
      ['c-1'],
    );
    assert.equal((await alice.get<Err>('/orders', 'state=end&limit=0')).body.code, 'invalid-param');
  });

  await t.test('DELETE /orders/all cancels one contract or everything', async () => {
    const byContract = await alice.request('DELETE', '/orders/all', { query: 'contract=sim/eth.usdt' });
    assert.deepEqual(byContract.body, { status: 'success' });
    assert.deepEqual(
      (await alice.get<Order[]>('/orders')).body.map((o) => o.client_oid),
      ['ep-1'],
    );
    assert.deepEqual((await alice.request('DELETE', '/orders/all')).body, { status: 'success' });
    assert.deepEqual((await alice.get<Order[]>('/orders')).body, []);
  });

  await t.test('a taker order fills against the market; GET /trans pages the fills', async () => {
    const depth = gateway.sim!.engine.depth('sim/btc.usdt', 1);
    const ask = depth.asks[0].price;
    const res = await alice.place({
      contract: 'sim/btc.usdt',
      price: ask,
      bs: 'b',
      amount: 0.001,
      client_oid: 'taker-1',
    });
    assert.equal(res.status, 200);
    const [order] = (await alice.get<Order[]>('/orders', 'client_oid=taker-1')).body;
    assert.equal(order.status, 'dealt');
    assert.equal(order.dealt_amount, 0.001);
    const res2 = await alice.place({
      contract: 'sim/btc.usdt',
      price: ask,
      bs: 'b',
      amount: 0.001,
      client_oid: 'taker-2',
    });
    assert.equal(res2.status, 200);
    const trans = (await alice.get<DealtTrans[]>('/trans')).body;
    assert.equal(trans.length, 2);
    assert.equal(trans[0].client_oid, 'taker-2', 'newest first');
    assert.equal(trans[0].dealt_type, 'taker');
    assert.equal(trans[0].commission_currency, 'btc');
    const page = (await alice.get<DealtTrans[]>('/trans', `limit=1&before=${trans[0].exchange_tid}`)).body;
    assert.deepEqual(
      page.map((f) => f.client_oid),
      ['taker-1'],
    );
    assert.equal((await alice.get<DealtTrans[]>('/trans', 'contract=sim/eth.usdt')).body.length, 0);
  });

  await t.test('GET /status answers an object with the health score', async () => {
    const res = await alice.get('/status');
    assert.deepEqual(res.body, { status: 'ok', score: 100, account: 'sim/alice', halted: false });
  });

  await t.test('an unknown endpoint is 404 not-found', async () => {
    const res = await alice.get<Err>('/withdraws');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not-found');
  });
});

test('risk limits over HTTP, off until set; the kill switch cancels everything and refuses new orders', async (t) => {
  const gateway = await tradeGateway(t);
  gateway.admin.createAccount('sim/alice', { usdt: 1_000_000 });
  const alice = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'] }),
  );
  const order = (over: Record<string, unknown> = {}) => ({
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    ...over,
  });
  const codeOf = async (over: Record<string, unknown> = {}) => {
    const res = await alice.place(order(over));
    return res.status === 200 ? 'ok' : `${res.status} ${(res.body as unknown as Err).code}`;
  };
  assert.equal(await codeOf(), 'ok', "the original clients' far-from-market test order goes through");

  gateway.admin.setLimits('sim/alice', { max_order_amount: 2 });
  assert.equal(await codeOf({ amount: 3 }), '400 risk-max-amount');
  gateway.admin.setLimits('sim/alice', { max_order_notional: 50 });
  assert.equal(await codeOf({ price: 30, amount: 2 }), '400 risk-max-notional');
  gateway.admin.setLimits('sim/alice', { max_open_orders: 2 });
  assert.equal(await codeOf(), 'ok');
  assert.equal(await codeOf(), '400 risk-max-open-orders');
  gateway.admin.setLimits('sim/alice', {
    max_open_orders: null,
    max_order_notional: null,
    max_order_amount: null,
  });
  const top = gateway.sim!.engine.depth('sim/btc.usdt', 1);
  const last = gateway.sim!.engine.lastPrice('sim/btc.usdt') ?? (top.bids[0].price + top.asks[0].price) / 2;
  gateway.admin.setLimits('sim/alice', { price_band: 0.05 });
  assert.equal(await codeOf(), '400 risk-price-band');
  assert.equal(await codeOf({ price: Math.round(last * 0.97), amount: 0.001 }), 'ok');
  const amend = await alice.request<Err>('PATCH', '/orders', {
    query: `client_oid=${(await alice.get<Order[]>('/orders')).body.at(-1)!.client_oid}`,
    body: { price: 10 },
  });
  assert.equal(amend.body.code, 'risk-price-band', 'amends are checked too');
  gateway.admin.setLimits('sim/alice', { price_band: null });

  const open = (await alice.get<Order[]>('/orders')).body.length;
  assert.equal(open, 3);
  assert.equal(await gateway.admin.halt('sim/alice'), 3);
  assert.deepEqual((await alice.get<Order[]>('/orders')).body, []);
  assert.equal(await codeOf(), '403 account-halted');
  assert.equal((await alice.get<{ status: string }>('/status')).body.status, 'halted');
  gateway.admin.resume('sim/alice');
  assert.equal(await codeOf(), 'ok');
});
