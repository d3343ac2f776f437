import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_ENGINE_CONFIG,
  Engine,
  type EngineCommand,
  type EngineEvent,
  type OrderRecord,
} from '@ots/engine';
import { ORDER_STATUSES, type Order } from '@ots/protocol';
import type { Database } from 'better-sqlite3';
import { TradeStore } from '../src/trade/trade-store.js';
import { openDb, tempDir } from './support/trade-tmp.js';

/**
 * An engine restored from `store` whose every call is committed to it, as the sim venue does; it
 * also keeps the latest wire order and record of each order, as the engine emitted them.
 */
function engineOn(store: TradeStore) {
  const wire = new Map<string, Order>();
  const records = new Map<string, OrderRecord>();
  let pending: EngineEvent[] = [];
  const engine = Engine.restore(DEFAULT_ENGINE_CONFIG, store.restorePoint(), store.journal(), (e) => {
    if (e.kind === 'trade') return;
    pending.push(e);
    if (e.kind === 'order') {
      wire.set(e.order.exchange_oid, e.order);
      records.set(e.order.exchange_oid, e.record);
    }
  });
  let now = 1_764_000_000_000_000;
  const apply = (command: EngineCommand): string | undefined => {
    now += 1000;
    const result = engine.apply(command, now);
    if (!result.ok) throw new Error(result.message);
    store.commit(pending);
    pending = [];
    return result.exchange_oid;
  };
  return { engine, apply, wire, records };
}

type Place = Extract<EngineCommand, { kind: 'place' }>;
const place = (account: string, rest: Omit<Place, 'kind' | 'account'>): Place => ({
  kind: 'place',
  account,
  ...rest,
});

/**
 * Alice: a buy with options and tags partly filled by bob's sell, a cancelled buy, an eth buy still
 * open. Bob: his sell, fully dealt.
 */
function trade(store: TradeStore) {
  const e = engineOn(store);
  for (const account of ['sim/alice', 'sim/bob']) {
    e.apply({ kind: 'deposit', account, currency: 'usdt', amount: 100_000 });
    e.apply({ kind: 'deposit', account, currency: 'btc', amount: 2 });
  }
  const partial = e.apply(
    place('sim/alice', {
      contract: 'sim/btc.usdt',
      bs: 'b',
      price: 10.5,
      amount: 1,
      client_oid: 'alice-1',
      options: { type: 'limit', note: 'keep "me"' },
      tags: { strategy: 'grid', level: 3 },
    }),
  ) as string;
  const dealt = e.apply(
    place('sim/bob', { contract: 'sim/btc.usdt', bs: 's', price: 10.5, amount: 0.3, client_oid: 'bob-1' }),
  ) as string;
  const cancelled = e.apply(
    place('sim/alice', { contract: 'sim/btc.usdt', bs: 'b', price: 9, amount: 0.25, client_oid: 'alice-2' }),
  ) as string;
  e.apply({ kind: 'cancel', account: 'sim/alice', exchange_oid: cancelled });
  const eth = e.apply(
    place('sim/alice', { contract: 'sim/eth.usdt', bs: 'b', price: 100, amount: 0.5, client_oid: 'alice-3' }),
  ) as string;
  return { ...e, partial, dealt, cancelled, eth };
}

test('orders read back exactly as the engine made them, key order included, and open ones restore', (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const store = new TradeStore(db);
  const { wire, records, partial, dealt, cancelled, eth } = trade(store);
  assert.equal(wire.get(partial)?.status, 'part-deal-pending');
  assert.equal(wire.get(dealt)?.status, 'dealt');
  assert.equal(wire.get(cancelled)?.status, 'withdrawn');

  const all = store.orders('sim/alice', { statuses: ORDER_STATUSES });
  const expected = [partial, cancelled, eth].map((oid) => wire.get(oid));
  assert.deepEqual(all, expected);
  assert.equal(JSON.stringify(all), JSON.stringify(expected), 'the same JSON text as the engine wire form');
  assert.deepEqual(store.orderByExchangeOid('sim/bob', dealt), wire.get(dealt));
  assert.deepEqual(store.orderByClientOid('sim/alice', 'alice-1'), wire.get(partial));

  const restored = [...store.journal()].filter((e) => e.kind === 'order').map((e) => e.record);
  assert.deepEqual(
    restored,
    [records.get(partial), records.get(eth)],
    'the exact records of the open orders',
  );

  // A restarted engine holds the same open orders, and its order numbers continue.
  const again = engineOn(new TradeStore(db));
  assert.deepEqual(again.engine.getOrder('sim/alice', partial), wire.get(partial));
  assert.deepEqual(again.engine.getOrder('sim/alice', eth), wire.get(eth));
  const next = again.apply(
    place('sim/bob', { contract: 'sim/btc.usdt', bs: 'b', price: 10, amount: 0.5, client_oid: 'bob-2' }),
  ) as string;
  const idOf = (oid: string) => Number(oid.slice(oid.lastIndexOf('-') + 1));
  assert.equal(idOf(next), idOf(eth) + 1);
});

test('order queries filter by status, contract and ids, and page newest first by `before`', (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const store = new TradeStore(db);
  const { wire, partial, cancelled, eth } = trade(store);
  const oids = (orders: Order[]) => orders.map((o) => o.exchange_oid);

  assert.deepEqual(oids(store.orders('sim/alice')), [partial, eth], 'open orders by default, oldest first');
  assert.equal(store.countOpenOrders('sim/alice'), 2);
  assert.equal(store.countOpenOrders('sim/bob'), 0);
  assert.deepEqual(oids(store.orders('sim/alice', { statuses: ['withdrawn', 'dealt'] })), [cancelled]);
  assert.deepEqual(oids(store.orders('sim/alice', { statuses: [] })), []);
  assert.deepEqual(oids(store.orders('sim/alice', { contract: 'sim/eth.usdt' })), [eth]);
  assert.deepEqual(
    oids(
      store.orders('sim/alice', { statuses: ORDER_STATUSES, clientOids: ['alice-2', 'alice-3', 'bob-1'] }),
    ),
    [cancelled, eth],
  );
  assert.deepEqual(
    oids(store.orders('sim/alice', { statuses: ORDER_STATUSES, exchangeOids: [eth, cancelled] })),
    [cancelled, eth],
  );
  // An exchange_oid is its contract and its number: the number alone under another contract, or a
  // text with no number, finds nothing.
  const number = cancelled.slice(cancelled.lastIndexOf('-') + 1);
  for (const wrong of [`sim/eth.usdt-${number}`, 'sim/btc.usdt-x', 'nothing', `${cancelled}0`]) {
    assert.deepEqual(
      store.orders('sim/alice', { statuses: ORDER_STATUSES, exchangeOids: [wrong] }),
      [],
      wrong,
    );
    assert.equal(store.orderByExchangeOid('sim/alice', wrong), undefined, wrong);
  }
  assert.equal(store.orderByExchangeOid('sim/bob', partial), undefined, 'another account’s order');

  const first = store.orders('sim/alice', { statuses: ORDER_STATUSES, limit: 2 });
  assert.deepEqual(oids(first), [eth, cancelled], 'newest first');
  const second = store.orders('sim/alice', { statuses: ORDER_STATUSES, limit: 2, before: cancelled });
  assert.deepEqual(second, [wire.get(partial)]);
  assert.deepEqual(store.orders('sim/alice', { statuses: ORDER_STATUSES, limit: 2, before: partial }), []);
  assert.deepEqual(
    store.orders('sim/alice', { statuses: ORDER_STATUSES, limit: 2, before: 'sim/btc.usdt-999999' }),
    [],
    'a cursor that names no order gives no page',
  );
  assert.equal(store.hasClientOid('sim/alice', 'alice-2'), true);
  assert.equal(store.hasClientOid('sim/bob', 'alice-2'), false);
});

test('a trade between two users keeps both fills, and each account pages through its own', (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const store = new TradeStore(db);
  const { engine, apply, partial, dealt } = trade(store);
  // A second trade between the same orders.
  apply(
    place('sim/bob', { contract: 'sim/btc.usdt', bs: 's', price: 10.5, amount: 0.2, client_oid: 'bob-2' }),
  );
  for (const account of ['sim/alice', 'sim/bob']) {
    const fills = store.fills(account);
    assert.deepEqual(
      fills,
      engine.fills(account).slice().reverse(),
      `${account}: newest first, as the engine has them`,
    );
    assert.equal(fills.length, 2, account);
    assert.deepEqual(store.fills(account, { limit: 1, before: fills[0].exchange_tid }), [fills[1]]);
  }
  assert.equal(store.fills('sim/alice')[1].exchange_oid, partial);
  assert.equal(store.fills('sim/bob')[1].exchange_oid, dealt);
  assert.equal(
    store.fills('sim/alice')[0].exchange_tid,
    store.fills('sim/bob')[0].exchange_tid,
    'one trade, two sides',
  );
});

/** The first `trade_orders` layout, as development builds wrote it. */
const FIRST_LAYOUT = `
CREATE TABLE trade_orders (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  exchange_oid TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  client_oid TEXT NOT NULL,
  contract TEXT NOT NULL,
  status TEXT NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (account, client_oid)
);
CREATE INDEX trade_orders_open ON trade_orders (account, active, seq);
DROP TABLE trade_fills;
CREATE TABLE trade_fills (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  exchange_tid TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  exchange_oid TEXT NOT NULL,
  contract TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX trade_fills_account ON trade_fills (account, seq);
`;

/**
 * Rewrites the orders and fills of `db` in the first layout (wire form and record as JSON objects;
 * fills unique by exchange_tid, so only the first side of a trade between two users).
 */
function toFirstLayout(db: Database, wire: Map<string, Order>, records: Map<string, OrderRecord>): void {
  const fills = db
    .prepare('SELECT exchange_tid, account, exchange_oid, contract, data FROM trade_fills ORDER BY seq')
    .raw()
    .all();
  db.exec('DROP TABLE trade_orders');
  db.exec(FIRST_LAYOUT);
  const insertFill = db.prepare(
    'INSERT OR IGNORE INTO trade_fills (exchange_tid, account, exchange_oid, contract, data) VALUES (?, ?, ?, ?, ?)',
  );
  for (const fill of fills) insertFill.run(...(fill as unknown[]));
  const insert = db.prepare(
    `INSERT INTO trade_orders (exchange_oid, account, client_oid, contract, status, active, data, record)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [oid, o] of wire) {
    const active = [
      'waiting',
      'pending',
      'part-deal-pending',
      'withdrawing',
      'part-deal-withdrawing',
    ].includes(o.status);
    const record = active ? JSON.stringify(records.get(oid)) : 'null';
    insert.run(oid, o.account, o.client_oid, o.contract, o.status, active ? 1 : 0, JSON.stringify(o), record);
  }
}

test('a development data directory with the first orders layout is converted at start, losing nothing', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const { wire, records, partial, eth } = trade(new TradeStore(db));
  const before = {
    alice: new TradeStore(db).orders('sim/alice', { statuses: ORDER_STATUSES }),
    bob: new TradeStore(db).orders('sim/bob', { statuses: ORDER_STATUSES }),
    fills: new TradeStore(db).fills('sim/alice'),
  };
  toFirstLayout(db, wire, records);
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  const store = new TradeStore(db);
  const columns = db.prepare("SELECT name FROM pragma_table_info('trade_orders')").pluck().all();
  assert.ok(!columns.includes('seq'), 'the current layout');
  assert.deepEqual(store.orders('sim/alice', { statuses: ORDER_STATUSES }), before.alice);
  assert.deepEqual(store.orders('sim/bob', { statuses: ORDER_STATUSES }), before.bob);
  assert.deepEqual(store.fills('sim/alice'), before.fills, 'the fills kept by the first layout');
  const restored = [...store.journal()].filter((e) => e.kind === 'order').map((e) => e.record);
  assert.deepEqual(restored, [records.get(partial), records.get(eth)]);
  assert.deepEqual(oidsOf(new TradeStore(db).orders('sim/alice')), [partial, eth], 'a second start keeps it');
});

const oidsOf = (orders: Order[]) => orders.map((o) => o.exchange_oid);
