import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError } from '@ots/protocol';
import type { Database } from 'better-sqlite3';
import { INDEX_BATCH } from '../src/trade/client-oid-index.js';
import { tradeStack } from './support/trade-stack.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const ACCOUNT = 'sim/alice';
const rejectsDuplicate = (p: Promise<unknown>) =>
  assert.rejects(p, (err: unknown) => err instanceof OtsError && err.code === 'client_oid-already-existed');

/** A far-from-market buy on `account` (the venue's smallest notional). */
const placeOne = (stack: ReturnType<typeof tradeStack>, account: string, clientOid: string) =>
  stack.service.place(account, {
    contract: 'sim/btc.usdt',
    price: 100,
    bs: 'b',
    amount: 0.01,
    client_oid: clientOid,
  });

/** Places `count` far-from-market buys named `<prefix>-<n>` from `first` on; returns their exchange_oids by client_oid. */
async function placeMany(stack: ReturnType<typeof tradeStack>, prefix: string, first: number, count: number) {
  const placed = new Map<string, string>();
  // Concurrently, as clients do: the requests of one turn share a group commit.
  const refs = await Promise.all(
    Array.from({ length: count }, (_, n) => placeOne(stack, ACCOUNT, `${prefix}-${first + n}`)),
  );
  for (const ref of refs) placed.set(ref.client_oid, ref.exchange_oid);
  return placed;
}

const indexedCount = (db: Database) =>
  db.prepare('SELECT count(*) FROM trade_client_oids').pluck().get() as number;

test('client_oids stay unique and findable while their index is written in batches, and after a restart', async (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  let stack = tradeStack(db);
  stack.admin.createAccount(ACCOUNT, { usdt: 1_000_000 });

  // One commit of INDEX_BATCH new orders carries them to the index; the next ones wait in memory.
  const placed = await placeMany(stack, 'a', 0, INDEX_BATCH);
  for (const [clientOid, exchangeOid] of await placeMany(stack, 'a', INDEX_BATCH, 37))
    placed.set(clientOid, exchangeOid);
  assert.equal(
    indexedCount(db),
    INDEX_BATCH,
    'a full batch is in the index, the newest pairs are in memory only',
  );

  const check = async (label: string, cancel: string) => {
    for (const clientOid of ['a-0', `a-${INDEX_BATCH - 1}`, `a-${INDEX_BATCH + 36}`]) {
      await rejectsDuplicate(placeOne(stack, ACCOUNT, clientOid));
    }
    // Found by client_oid, in one batch mixing indexed and in-memory pairs, and cancelled by it.
    const found = await stack.service.orders(ACCOUNT, {
      client_oid: `a-1,a-${INDEX_BATCH + 5}`,
      state: 'all',
    });
    assert.deepEqual(
      found.map((o) => o.exchange_oid).sort(),
      [placed.get('a-1'), placed.get(`a-${INDEX_BATCH + 5}`)].sort(),
      label,
    );
    const cancelled = await stack.service.cancel(ACCOUNT, { client_oid: cancel });
    assert.equal((cancelled as { exchange_oid: string }).exchange_oid, placed.get(cancel), label);
  };
  await check('before the restart', `a-${INDEX_BATCH + 10}`);
  // Another account may use the same client_oid.
  stack.admin.createAccount('sim/bob', { usdt: 1_000 });
  await placeOne(stack, 'sim/bob', 'a-0');

  // The process stops with pairs in memory only: at start they are indexed from the order rows.
  db.close();
  db = openDb(dir);
  t.after(() => db.close());
  assert.equal(indexedCount(db), INDEX_BATCH, 'the pairs in memory were not written');
  stack = tradeStack(db);
  assert.equal(indexedCount(db), INDEX_BATCH + 38, 'every order is in the index after start');
  await rejectsDuplicate(placeOne(stack, 'sim/bob', 'a-0'));
  await check('after the restart', `a-${INDEX_BATCH + 11}`);
});

test('a data directory with the unique client_oid index on trade_orders is converted at start', async (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  let stack = tradeStack(db);
  stack.admin.createAccount(ACCOUNT, { usdt: 1_000 });
  const placed = await placeMany(stack, 'old', 0, 5);
  db.close();

  // As an earlier version left it: the pairs only in trade_orders, under a unique index there.
  db = openDb(dir);
  db.exec(`DROP TABLE trade_client_oids; DELETE FROM trade_meta;
    CREATE UNIQUE INDEX trade_orders_client_oid ON trade_orders (account, client_oid);`);
  db.close();

  db = openDb(dir);
  t.after(() => db.close());
  stack = tradeStack(db);
  const indexes = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trade_orders'")
    .pluck()
    .all();
  assert.ok(!indexes.includes('trade_orders_client_oid'), 'the old index is dropped');
  assert.equal(indexedCount(db), 5);
  await rejectsDuplicate(placeOne(stack, ACCOUNT, 'old-3'));
  const [order] = await stack.service.orders(ACCOUNT, { client_oid: 'old-3' });
  assert.equal(order.exchange_oid, placed.get('old-3'));
});

test('with the commit thread, a batch of the index is written by the thread and its pairs stay refused throughout', async (t) => {
  const db = openDb(tempDir(t));
  t.after(() => db.close());
  const stack = tradeStack(db, undefined, { commitThread: t });
  stack.admin.createAccount(ACCOUNT, { usdt: 1_000_000 });

  // The commit of INDEX_BATCH new orders carries their pairs to the index, on the thread; a
  // duplicate asked while it is in flight, and after, is refused.
  const placing = placeMany(stack, 'a', 0, INDEX_BATCH);
  await rejectsDuplicate(placeOne(stack, ACCOUNT, 'a-7'));
  await placing;
  await rejectsDuplicate(placeOne(stack, ACCOUNT, 'a-7'));
  await placeMany(stack, 'a', INDEX_BATCH, 3);
  await rejectsDuplicate(placeOne(stack, ACCOUNT, `a-${INDEX_BATCH + 1}`));
  assert.equal(indexedCount(db), INDEX_BATCH, 'the thread wrote the batch');
  const [order] = await stack.service.orders(ACCOUNT, { client_oid: `a-${INDEX_BATCH - 1}` });
  assert.equal(order.client_oid, `a-${INDEX_BATCH - 1}`);
});
