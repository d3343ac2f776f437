import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';

test('the demo flow of the original SDKs: info, cancel all, place, list 1, cancel, list 0', async (t) => {
  const gateway = await tradeGateway(t);
  gateway.admin.createAccount('sim/alice', { usdt: 100000, btc: 2 });
  const creds = gateway.admin.createKey({ accounts: ['sim/alice'] });
  const alice = new TradeClient(gateway.url, 'sim/alice', creds);

  const info = await alice.get<{
    balance: number;
    position: Array<{ contract: string; total_amount: number }>;
  }>('/info');
  assert.equal(info.status, 200);
  assert.equal(info.body.position.find((p) => p.contract === 'btc')?.total_amount, 2);

  assert.deepEqual((await alice.request('DELETE', '/orders/all')).body, { status: 'success' });
  const placed = await alice.place({
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    options: { close: true },
  });
  assert.equal(placed.status, 200);
  assert.ok(placed.body.client_oid);
  assert.ok(placed.body.exchange_oid);
  const open = await alice.get<Array<{ exchange_oid: string }>>('/orders');
  assert.equal(open.body.length, 1);
  assert.equal(open.body[0].exchange_oid, placed.body.exchange_oid);
  const cancelled = await alice.cancel(`exchange_oid=${encodeURIComponent(placed.body.exchange_oid)}`);
  assert.equal(cancelled.status, 200);
  assert.equal((cancelled.body as { exchange_oid: string }).exchange_oid, placed.body.exchange_oid);
  assert.deepEqual((await alice.get('/orders')).body, []);
});
