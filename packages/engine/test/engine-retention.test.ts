import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../src/index.js';
import { funded, TEST_CONFIG } from './support/fixture.js';

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
