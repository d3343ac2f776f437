import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../src/index.js';
import { funded, harness, TEST_CONFIG } from './support/fixture.js';

const RETAIN_TWO = { ...TEST_CONFIG, retainPerAccount: 2 };

test('the engine keeps the last retainPerAccount finished orders and fills per account, oldest first', () => {
  const h = funded(RETAIN_TWO);
  const finished: string[] = [];
  for (let i = 0; i < 5; i++) {
    const o = h.placed('alice', 'b', 100, 0.1);
    const r = h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: o.exchange_oid }, h.now());
    assert.ok(r.ok);
    finished.push(o.exchange_oid);
  }
  const open = h.placed('alice', 'b', 99, 0.1);
  assert.deepEqual(
    h.engine.orders('alice').map((o) => o.exchange_oid),
    [finished[3], finished[4], open.exchange_oid],
  );
  const forgotten = h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: finished[0] }, h.now());
  assert.equal(forgotten.ok ? 'ok' : forgotten.code, 'exchange_oid-not-found');

  for (let i = 0; i < 3; i++) {
    h.placed('bob', 's', 101, 0.1);
    h.placed('alice', 'b', 101, 0.1);
  }
  const fills = h.engine.fills('alice');
  assert.equal(fills.length, 2);
  const allFills = h.events.flatMap((e) => (e.kind === 'fill' && e.fill.account === 'alice' ? [e.fill] : []));
  assert.deepEqual(fills, allFills.slice(-2));
});

test('events kept by the sink keep their order after the engine forgets it and reuses its object', () => {
  const h = funded({ ...TEST_CONFIG, retainPerAccount: 1 });
  const first = h.placed('alice', 'b', 100, 0.1);
  h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: first.exchange_oid }, h.now());
  // Not read yet: an event builds its order and record when first read.
  const kept = h.events.filter((e) => e.kind === 'order');
  // Finishing more orders forgets the first one; new orders then take over its object.
  for (let i = 0; i < 4; i++) {
    const o = h.placed('alice', 's', 200 + i, 0.2);
    h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: o.exchange_oid }, h.now());
  }
  h.placed('alice', 's', 300, 0.3);
  assert.deepEqual(
    kept.map((e) =>
      e.kind === 'order'
        ? [e.order.exchange_oid, e.order.status, e.record.client_oid, e.order.entrust_price, e.order.bs]
        : [],
    ),
    [
      [first.exchange_oid, 'pending', first.client_oid, 100, 'b'],
      [first.exchange_oid, 'withdrawn', first.client_oid, 100, 'b'],
    ],
  );
});

test('a forgotten order stays unknown while its object waits for reuse, after reuse, and after a restore', () => {
  const config = { ...TEST_CONFIG, retainPerAccount: 1 };
  const h = funded(config);
  const cancel = (oid: string) =>
    h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: oid }, h.now());
  const first = h.placed('alice', 'b', 100, 0.1);
  cancel(first.exchange_oid);
  const second = h.placed('alice', 'b', 100, 0.1);
  cancel(second.exchange_oid);
  // Retaining one finished order, the engine has forgotten the first.
  assert.equal(h.engine.getOrder('alice', first.exchange_oid), undefined);
  const again = cancel(first.exchange_oid);
  assert.equal(again.ok ? 'ok' : again.code, 'exchange_oid-not-found');
  const third = h.placed('alice', 'b', 99, 0.1);
  assert.equal(h.engine.getOrder('alice', first.exchange_oid), undefined);
  assert.equal(h.engine.getOrder('alice', third.exchange_oid)?.status, 'pending');

  const restored = Engine.restore(config, null, h.events, () => {});
  assert.equal(restored.getOrder('alice', first.exchange_oid), undefined);
  assert.equal(restored.getOrder('alice', second.exchange_oid)?.status, 'withdrawn');
  assert.equal(restored.getOrder('alice', third.exchange_oid)?.status, 'pending');
  const afterRestore = restored.apply(
    { kind: 'cancel', account: 'alice', exchange_oid: first.exchange_oid },
    h.now(),
  );
  assert.equal(afterRestore.ok ? 'ok' : afterRestore.code, 'exchange_oid-not-found');
});

test("each account keeps its own finished orders while many accounts finish many more (an idle account's too)", () => {
  const config = { ...TEST_CONFIG, retainPerAccount: 3 };
  const h = harness(config);
  const accounts = Array.from({ length: 400 }, (_, i) => `user-${i}`);
  for (const a of ['idle', ...accounts]) h.deposit(a, 'usdt', 1_000);
  const finish = (account: string, price: number) => {
    const o = h.placed(account, 'b', price, 0.02);
    const r = h.engine.apply({ kind: 'cancel', account, exchange_oid: o.exchange_oid }, h.now());
    assert.ok(r.ok);
    return h.engine.getOrder(account, o.exchange_oid)!;
  };
  // The idle account finishes three orders first and nothing after; 400 others then finish twelve
  // each (1,200 retained at once, 4,800 finished in all: where the engine keeps the retained
  // orders' states grows, and its places are reused while the idle account's stay).
  const idle = [finish('idle', 100), finish('idle', 100.5), finish('idle', 101)];
  const last = new Map<string, ReturnType<typeof finish>[]>();
  let first: ReturnType<typeof finish> | undefined;
  for (let round = 0; round < 12; round++) {
    for (const a of accounts) {
      const o = finish(a, 100 + round);
      if (a === 'user-7' && first === undefined) first = o;
      last.set(a, [...(last.get(a) ?? []), o].slice(-3));
    }
  }
  assert.deepEqual(h.engine.orders('idle'), idle);
  for (const a of accounts) assert.deepEqual(h.engine.orders(a), last.get(a));
  const gone = h.engine.apply(
    { kind: 'cancel', account: 'user-7', exchange_oid: first!.exchange_oid },
    h.now(),
  );
  assert.equal(gone.ok ? 'ok' : gone.code, 'exchange_oid-not-found');
  const kept = h.engine.apply(
    { kind: 'cancel', account: 'idle', exchange_oid: idle[0].exchange_oid },
    h.now(),
  );
  assert.equal(kept.ok ? 'ok' : kept.code, 'exg-cancel-order-not-exist');
});
