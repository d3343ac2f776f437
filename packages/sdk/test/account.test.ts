/** Account against the real gateway's signed trade API (sim venue, a market that stands still). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Account, Info, OtsError } from '@ots/sdk';
import { startTestGateway, type TestGateway } from './support/gateway.js';

async function aliceOn(
  t: Parameters<typeof startTestGateway>[0],
): Promise<{ gw: TestGateway; alice: Account }> {
  const gw = await startTestGateway(t);
  gw.gateway.admin.createAccount('sim/alice', { usdt: 1_000_000, btc: 5 });
  const key = gw.gateway.admin.createKey({ accounts: ['sim/alice'] });
  const alice = new Account('sim/alice', { url: gw.url, apiKey: key.api_key, apiSecret: key.api_secret });
  t.after(() => alice.close());
  return { gw, alice };
}

/** A bid far below the market: it rests. */
const RESTING = 1000;

function isOts(code: string, status?: number) {
  return (e: unknown) => {
    assert.ok(e instanceof OtsError, `expected an OtsError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (status !== undefined) assert.equal(e.status, status);
    return true;
  };
}

test('getInfo returns Info with balance, positions and getTotalAmount (0 when absent)', async (t) => {
  const { alice } = await aliceOn(t);
  const info = await alice.getInfo();
  assert.ok(info instanceof Info);
  assert.equal(typeof info.balance, 'number');
  assert.ok(Array.isArray(info.position));
  assert.equal(info.getTotalAmount('btc'), 5);
  assert.equal(info.getTotalAmount('usdt'), 1_000_000);
  assert.equal(info.getTotalAmount('doge'), 0);
  assert.equal(await alice.getTotalAmount('btc'), 5);
  assert.equal(await alice.getTotalAmount('doge'), 0);
  assert.equal(String(alice), '<sim/alice>');
});

test('placeOrder generates a client_oid; the order is listed, found, amended and cancelled', async (t) => {
  const { alice } = await aliceOn(t);
  const placed = await alice.placeOrder('sim/btc.usdt', RESTING, 'b', 0.01);
  assert.deepEqual(Object.keys(placed).sort(), ['client_oid', 'exchange_oid']);
  assert.match(placed.client_oid, /^sim\/btc\.usdt-\d{14}[A-Za-z][A-Za-z0-9]{13}$/);

  const pending = await alice.getPendingList();
  assert.deepEqual(
    pending.map((o) => o.client_oid),
    [placed.client_oid],
  );
  assert.equal(pending[0].status, 'pending');
  assert.equal((await alice.getOrderList('sim/btc.usdt', 'pending')).length, 1);
  assert.equal((await alice.getOrderList('sim/eth.usdt')).length, 0);
  assert.equal((await alice.getOrderList(undefined, 'end')).length, 0);

  const [byClient] = await alice.getOrderUseClientOid(placed.client_oid);
  const [byExchange] = await alice.getOrderUseExchangeOid(placed.exchange_oid);
  assert.equal(byClient.exchange_oid, placed.exchange_oid);
  assert.equal(byExchange.client_oid, placed.client_oid);

  assert.deepEqual(await alice.amendOrderUseClientOid(placed.client_oid, RESTING + 1, 0.02), placed);
  assert.deepEqual(await alice.amendOrderUseExchangeOid(placed.exchange_oid, RESTING + 2, 0.03), placed);
  const [amended] = await alice.getOrderUseClientOid(placed.client_oid);
  assert.equal(amended.entrust_price, RESTING + 2);
  assert.equal(amended.entrust_amount, 0.03);

  assert.deepEqual(await alice.cancelUseClientOid(placed.client_oid), placed);
  const [cancelled] = await alice.getOrderUseClientOid(placed.client_oid);
  assert.equal(cancelled.status, 'withdrawn');
  assert.deepEqual(await alice.getPendingList(), []);
});

test('client_oid, tags and options are sent as given; batches of ids; cancel by exchange_oid; cancelAll', async (t) => {
  const { alice } = await aliceOn(t);
  const a = await alice.placeOrder('sim/btc.usdt', RESTING, 'b', 0.01, {
    clientOid: 'sim/btc.usdt-mine0000001',
    tags: { strategy: 'grid', note: 'café ✓' },
    options: { close: true },
  });
  assert.equal(a.client_oid, 'sim/btc.usdt-mine0000001');
  const b = await alice.placeOrder('sim/btc.usdt', RESTING, 'b', 0.01);
  const c = await alice.placeOrder('sim/eth.usdt', 10, 'b', 0.1);
  const [order] = await alice.getOrderUseClientOid(a.client_oid);
  // The signature covered the UTF-8 body byte for byte, non-ASCII tags included.
  assert.deepEqual(order.tags, { strategy: 'grid', note: 'café ✓' });
  assert.deepEqual(order.options, { close: true });

  const both = await alice.getOrderUseClientOid(a.client_oid, b.client_oid, { timeout: 5000 });
  assert.deepEqual(both.map((o) => o.client_oid).sort(), [a.client_oid, b.client_oid].sort());
  assert.equal((await alice.getOrderUseExchangeOid(a.exchange_oid, b.exchange_oid)).length, 2);

  assert.deepEqual(await alice.cancelUseExchangeOid(a.exchange_oid), a);
  assert.deepEqual(await alice.cancelAll('sim/btc.usdt'), { status: 'success' });
  assert.deepEqual(
    (await alice.getPendingList()).map((o) => o.client_oid),
    [c.client_oid],
  );
  assert.deepEqual(await alice.cancelAll(), { status: 'success' });
  assert.deepEqual(await alice.getPendingList(), []);
});

test('placeAndCancel places, waits and cancels, resolving both answers', async (t) => {
  const { alice } = await aliceOn(t);
  const [placed, cancelled] = await alice.placeAndCancel('sim/btc.usdt', RESTING, 'b', 0.01, 0.01);
  assert.deepEqual(cancelled, placed);
  const [order] = await alice.getOrderUseClientOid(placed.client_oid);
  assert.equal(order.status, 'withdrawn');
  await assert.rejects(
    alice.placeAndCancel('sim/btc.usdt', RESTING, 'b', 0.0000001, 0.01),
    isOts('exg-place-order-error-amount', 400),
  );
});

test('getDealtTrans lists the fills of a taker order; getStatus reports the account', async (t) => {
  const { gw, alice } = await aliceOn(t);
  const ask = gw.gateway.sim!.engine.depth('sim/btc.usdt', 1).asks[0].price;
  const taker = await alice.placeOrder('sim/btc.usdt', ask, 'b', 0.001);
  const [order] = await alice.getOrderUseClientOid(taker.client_oid);
  assert.equal(order.status, 'dealt');
  const fills = await alice.getDealtTrans('sim/btc.usdt');
  assert.ok(fills.length >= 1);
  assert.ok(fills.every((f) => f.client_oid === taker.client_oid && f.contract === 'sim/btc.usdt'));
  assert.deepEqual(await alice.getDealtTrans('sim/eth.usdt'), []);
  assert.equal((await alice.getDealtTrans()).length, fills.length);
  const status = await alice.getStatus();
  assert.equal(status.status, 'ok');
  assert.equal(status.account, 'sim/alice');
});

test("the server's errors arrive as OtsError with code, HTTP status, message and partial-success data", async (t) => {
  const { gw, alice } = await aliceOn(t);
  const placed = await alice.placeOrder('sim/btc.usdt', RESTING, 'b', 0.01, {
    clientOid: 'sim/btc.usdt-dup000000001',
  });
  await assert.rejects(
    alice.placeOrder('sim/btc.usdt', RESTING, 'b', 0.01, { clientOid: placed.client_oid }),
    isOts('client_oid-already-existed', 409),
  );
  await assert.rejects(
    alice.getOrderUseClientOid('sim/btc.usdt-nope00000001'),
    isOts('client_oid-not-found', 404),
  );
  await assert.rejects(
    alice.getOrderUseClientOid(placed.client_oid, 'sim/btc.usdt-nope00000001'),
    (e: unknown) => {
      isOts('partial-success', 400)(e);
      const data = (e as OtsError).data as {
        success: Array<{ client_oid: string }>;
        error: Array<{ client_oid: string }>;
      };
      assert.deepEqual(
        data.success.map((o) => o.client_oid),
        [placed.client_oid],
      );
      assert.deepEqual(
        data.error.map((o) => o.client_oid),
        ['sim/btc.usdt-nope00000001'],
      );
      return true;
    },
  );
  await assert.rejects(alice.getOrderList(undefined, 'finished'), (e: unknown) => {
    isOts('invalid-param', 400)(e);
    assert.match((e as OtsError).message, /finished/);
    return true;
  });
  await assert.rejects(alice.placeOrder('sim/doge.usdt', 1, 'b', 1), isOts('contract-not-exist', 404));

  const forged = new Account('sim/alice', {
    url: gw.url,
    apiKey: gw.gateway.admin.createKey({ accounts: ['sim/alice'] }).api_key,
    apiSecret: 'not-the-secret',
  });
  await assert.rejects(forged.getInfo(), isOts('invalid-api-key', 401));
  const reader = gw.gateway.admin.createKey({ accounts: ['sim/alice'], readOnly: true });
  const readOnly = new Account('sim/alice', {
    url: gw.url,
    apiKey: reader.api_key,
    apiSecret: reader.api_secret,
  });
  assert.equal((await readOnly.getInfo()).getTotalAmount('btc'), 5);
  await assert.rejects(readOnly.placeOrder('sim/btc.usdt', RESTING, 'b', 0.01), isOts('no-permission', 403));
  gw.gateway.admin.createAccount('sim/bob', { usdt: 10 });
  const asBob = new Account('sim/bob', { url: gw.url, apiKey: reader.api_key, apiSecret: reader.api_secret });
  await assert.rejects(asBob.getInfo(), isOts('no-permission', 403));
});

test('nonces are max(now in µs, last + 1) per key: bursts from two Account objects on one key all pass', async (t) => {
  const { gw, alice } = await aliceOn(t);
  const key = gw.gateway.admin.createKey({
    accounts: ['sim/alice'],
    rateLimit: { ratePerSecond: 0, burst: 0 },
  });
  const one = new Account('sim/alice', { url: gw.url, apiKey: key.api_key, apiSecret: key.api_secret });
  const two = new Account('sim/alice', { url: gw.url, apiKey: key.api_key, apiSecret: key.api_secret });
  const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).getPendingList());
  assert.equal((await Promise.all(calls)).length, 40);
  assert.ok(alice);
});

test('bad arguments are refused before anything is sent', async (t) => {
  const { gw, alice } = await aliceOn(t);
  assert.throws(
    () => new Account('no-slash', { url: gw.url, apiKey: 'k', apiSecret: 's' }),
    isOts('invalid-param'),
  );
  assert.throws(
    () => new Account('sim/alice', { url: gw.url, apiKey: '', apiSecret: 's' }),
    isOts('invalid-param'),
  );
  assert.throws(
    () => new Account('sim/alice', { url: 'not a url', apiKey: 'k', apiSecret: 's' }),
    isOts('invalid-param'),
  );
  await assert.rejects(alice.getOrderUseClientOid(), isOts('invalid-param'));
  await assert.rejects(alice.cancelUseClientOid('a,b'), isOts('invalid-param'));
  await assert.rejects(alice.placeOrder('btc', RESTING, 'b', 1), isOts('invalid-param'));
});
