import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ENGINE_CONFIG } from '@ots/engine';
import { type Order, type OtsError, sign } from '@ots/protocol';
import { CommitThread } from '../src/store/commit-thread.js';
import { WriteBatch } from '../src/store/write-batch.js';
import { TradeStore } from '../src/trade/trade-store.js';
import { openSimTrading } from '../src/venues/sim/trading.js';
import { tradeStack } from './support/trade-stack.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const INSERT = 'INSERT INTO t (k, v) VALUES (?, ?)';

function batchOf(rows: Array<[number, string]>): WriteBatch {
  const batch = new WriteBatch();
  for (const row of rows) batch.add(INSERT, row);
  return batch;
}

/** A store file with one table `t` and a commit thread on it (stopped, then closed, when the test ends). */
function threadOnTable(t: { after(fn: () => unknown): void }) {
  const db = openDb(tempDir(t));
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const thread = new CommitThread(db);
  t.after(async () => {
    await thread.stop();
    db.close();
  });
  return { db, thread };
}

/** Sends a batch and resolves with the error its `done` got (undefined when committed). */
const sent = (thread: CommitThread, batch: WriteBatch) =>
  new Promise<Error | undefined>((resolve) => thread.send(batch, resolve));

test('the commit thread writes each batch as one transaction, in order, visible to the main connection', async (t) => {
  const { db, thread } = threadOnTable(t);
  const count = () => db.prepare('SELECT count(*) FROM t').pluck().get();

  assert.equal(
    await sent(
      thread,
      batchOf([
        [1, 'a'],
        [2, 'b'],
      ]),
    ),
    undefined,
  );
  assert.equal(count(), 2, 'committed before done is called');

  // Batches sent back to back are committed in order, each answered in turn.
  const answers: number[] = [];
  const second = sent(thread, batchOf([[3, 'c']])).then(() => answers.push(3));
  const third = sent(thread, batchOf([[4, 'd']])).then(() => answers.push(4));
  assert.equal(thread.inFlightCount, 2);
  await Promise.all([second, third]);
  assert.deepEqual(answers, [3, 4]);
  assert.equal(thread.inFlightCount, 0);

  // waitIdle blocks until every batch in flight is on disk and calls their done, in order, before returning.
  const done: number[] = [];
  for (const k of [5, 6, 7])
    thread.send(batchOf([[k, 'e']]), (error) => {
      assert.equal(error, undefined);
      done.push(k);
    });
  thread.waitIdle();
  assert.deepEqual(done, [5, 6, 7]);
  assert.equal(count(), 7);
  assert.equal(thread.inFlightCount, 0);
});

test('a batch that breaks a constraint is rolled back whole and its error reported', async (t) => {
  const { db, thread } = threadOnTable(t);
  await sent(thread, batchOf([[1, 'a']]));
  const error = await sent(
    thread,
    batchOf([
      [2, 'b'],
      [1, 'again'],
    ]),
  );
  assert.match(String(error?.message), /UNIQUE constraint failed/);
  assert.deepEqual(db.prepare('SELECT k FROM t ORDER BY k').pluck().all(), [1], 'nothing of the batch stays');
  // The thread goes on with the next batch.
  assert.equal(await sent(thread, batchOf([[3, 'c']])), undefined);
  assert.deepEqual(db.prepare('SELECT k FROM t ORDER BY k').pluck().all(), [1, 3]);
});

test('with the commit thread, an answered order is in the store, a client_oid in flight is refused, and a deposit lands after the trades before it', async (t) => {
  const dir = tempDir(t);
  const db = openDb(dir);
  const { admin, service, store, engine, trading, thread } = tradeStack(db, undefined, { commitThread: t });
  t.after(() => db.close());
  assert.ok(thread);
  admin.createAccount('sim/alice', { usdt: 100_000 });

  const body = (client_oid: string, price = 10) => ({
    contract: 'sim/btc.usdt',
    price,
    bs: 'b' as const,
    amount: 1,
    client_oid,
  });
  const placed = await service.place('sim/alice', body('thread-1'));
  // Read on the main connection: the worker's commit is visible once the place is answered.
  const [stored] = store.orders('sim/alice', { exchangeOids: [placed.exchange_oid] });
  assert.equal(stored.status, 'pending');

  // A burst: the first batch goes to the thread, the rest wait for it and go as the next one.
  const burst = Array.from({ length: 40 }, (_, i) => service.place('sim/alice', body(`burst-${i}`, 9)));
  // The burst's flush has run (it was scheduled first): its batch is on the thread, not answered.
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(store.committing, true);
  // The same client_oid while its order is in flight is refused, never placed twice.
  await assert.rejects(
    service.place('sim/alice', body('burst-3', 9)),
    (err: OtsError) => err.code === 'client_oid-already-existed',
  );
  await Promise.all(burst);
  assert.equal(store.orders('sim/alice', {}).length, 41);

  // A deposit while cancels are in flight: its balance row is written after theirs, so the stored
  // balance is the engine's.
  const toCancel = store.orders('sim/alice', {}).slice(0, 20);
  const cancel = (orders: Order[]) => orders.map((o) => trading.cancelOrder('sim/alice', o.exchange_oid));
  const inFlight = cancel(toCancel.slice(0, 10));
  // Handed to the thread now; its answer cannot arrive before this test yields.
  trading.flush();
  assert.equal(store.committing, true);
  // These wait behind the batch in flight; the deposit is written with them, after it.
  const waiting = cancel(toCancel.slice(10));
  admin.deposit('sim/alice', { usdt: 5 });
  await Promise.all([...inFlight, ...waiting]);
  const engineUsdt = engine.info('sim/alice').position.find((p) => p.contract === 'usdt');
  const storedUsdt = store.balances('sim/alice').find((b) => b.currency === 'usdt');
  assert.ok(engineUsdt && storedUsdt);
  assert.equal(storedUsdt.available, engineUsdt.available);
  assert.equal(storedUsdt.frozen, engineUsdt.frozen);
  assert.equal(store.orders('sim/alice', {}).length, 21);

  // A restart from what the thread wrote brings back the same open orders.
  const reopened = openSimTrading(new TradeStore(db), DEFAULT_ENGINE_CONFIG);
  const idsOf = (orders: Order[]) => orders.map((o) => o.exchange_oid).sort();
  const open = idsOf(engine.orders('sim/alice').filter((o) => o.status === 'pending'));
  assert.equal(open.length, 21);
  assert.deepEqual(idsOf(reopened.engine.orders('sim/alice')), open);
});

test('with the commit thread, a reply waits for its nonce, and a revoked key leaves no nonce row behind', async (t) => {
  const db = openDb(tempDir(t));
  const { admin, keys, auth, service } = tradeStack(db, undefined, { commitThread: t });
  t.after(() => db.close());
  admin.createAccount('sim/alice', { usdt: 100_000 });
  const key = keys.create({ accounts: ['sim/alice'] });
  const nonceRows = () =>
    db.prepare('SELECT count(*) FROM api_nonces WHERE api_key = ?').pluck().get(key.api_key) as number;
  const authenticate = async (nonce: number) => {
    const path = '/sim/alice/info';
    const signature = await sign(key.api_secret, 'GET', path, String(nonce), '');
    auth.authenticate({
      headers: { apiKey: key.api_key, nonce: String(nonce), signature },
      verb: 'GET',
      path,
      body: '',
      account: 'sim/alice',
      writes: false,
    });
  };

  // A read's nonce alone: the reply waits for a commit that writes it.
  await authenticate(1);
  const persisted = auth.flushNonces();
  assert.ok(persisted, 'with a commit thread the reply waits for a promise');
  await persisted;
  assert.equal(nonceRows(), 1);

  // A nonce accepted while a trade is in flight rides with the next commit.
  const trade = service.place('sim/alice', {
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    client_oid: 'nonce-trade-1',
  });
  await authenticate(2);
  await trade;
  await auth.flushNonces();
  assert.equal(nonceRows(), 2);

  // Revoked with a nonce still waiting: the revoke waits for the commits before it.
  await authenticate(3);
  assert.equal(keys.revoke(key.api_key), true);
  await auth.flushNonces();
  assert.equal(nonceRows(), 0);
});
