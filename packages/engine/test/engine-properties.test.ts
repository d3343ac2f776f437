import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ENGINE_CONFIG, Engine, type EngineEvent, type EngineSnapshot } from '../src/index.js';
import {
  assertBookUncrossed,
  assertConserved,
  assertFrozenMatchesOrders,
  assertOrderHistories,
} from './support/invariants.js';
import { runStream } from './support/random-stream.js';

const SEEDS = [1, 2, 3, 42, 20260101];

/** What the sink got, as the gateway stores it. */
function journalOf(events: readonly EngineEvent[]): EngineEvent[] {
  return events.filter((e) => e.kind !== 'trade').map((e) => JSON.parse(JSON.stringify(e)) as EngineEvent);
}

/** Users' state: everything except what only agents change (the last price, queue counters). */
function userState(s: EngineSnapshot) {
  return {
    seq: s.seq,
    nextOrderId: s.nextOrderId,
    nextTradeId: s.nextTradeId,
    balances: s.balances,
    orders: s.orders,
    fills: s.fills,
  };
}

function queues(engine: Engine) {
  return engine
    .contracts()
    .map((c) => [engine.restingOrders(c.symbol, 'b'), engine.restingOrders(c.symbol, 's')]);
}

for (const seed of SEEDS) {
  test(`seed ${seed}: the book is never crossed, money is conserved, frozen matches open orders`, () => {
    const run = runStream({
      seed,
      ops: 3000,
      withMarket: true,
      check: (r, op) => {
        assertBookUncrossed(r.engine);
        if (op % 50 === 0) {
          assertConserved(r.engine);
          assertFrozenMatchesOrders(r.engine);
        }
      },
    });
    assertConserved(run.engine);
    assertFrozenMatchesOrders(run.engine);
    const fills = run.events.filter((e) => e.kind === 'fill').length;
    assert.ok(fills > 100, `the stream must trade (${fills} fills)`);
  });

  test(`seed ${seed}: order histories follow the table, versions rise by one, fills never exceed orders`, () => {
    const run = runStream({ seed, ops: 3000, withMarket: true });
    assertOrderHistories(run.events);
  });
}

test('the streams reach every status the engine uses', () => {
  const statuses = new Set<string>();
  for (const seed of SEEDS) {
    for (const e of runStream({ seed, ops: 3000, withMarket: true }).events)
      if (e.kind === 'order') statuses.add(e.order.status);
  }
  assert.deepEqual([...statuses].sort(), [
    'dealt',
    'part-deal-pending',
    'part-deal-withdrawn',
    'pending',
    'withdrawn',
  ]);
});

test('the same seed gives the same event log; another seed does not', () => {
  const a = runStream({ seed: 7, ops: 2000, withMarket: true });
  const b = runStream({ seed: 7, ops: 2000, withMarket: true });
  const c = runStream({ seed: 8, ops: 2000, withMarket: true });
  assert.equal(JSON.stringify(a.events), JSON.stringify(b.events));
  assert.notEqual(JSON.stringify(a.events), JSON.stringify(c.events));
});

test('restore from the journal alone gives the users the same state, with agents gone', () => {
  for (const seed of SEEDS) {
    const run = runStream({ seed, ops: 2500, withMarket: true });
    const restored = Engine.restore(DEFAULT_ENGINE_CONFIG, null, journalOf(run.events), () => {});
    assert.deepEqual(userState(restored.snapshot()), userState(run.engine.snapshot()), `seed ${seed}`);
    assert.deepEqual(
      queues(restored),
      queues(run.engine),
      `seed ${seed}: resting orders in their queue order`,
    );
    for (const account of ['u/alice', 'u/erin']) {
      assert.deepEqual(restored.orders(account), run.engine.orders(account));
      assert.deepEqual(restored.fills(account), run.engine.fills(account));
      const [x, y] = [restored.info(account).position, run.engine.info(account).position];
      assert.deepEqual(
        x.map((p) => [p.contract, p.available, p.frozen]),
        y.map((p) => [p.contract, p.available, p.frozen]),
      );
    }
  }
});

test('restore from a snapshot plus the journal after it equals restore from the whole journal', () => {
  const run = runStream({ seed: 11, ops: 2500, withMarket: true });
  const journal = journalOf(run.events);
  const cut = Math.floor(journal.length / 2);
  const early = Engine.restore(DEFAULT_ENGINE_CONFIG, null, journal.slice(0, cut), () => {});
  const snap = JSON.parse(JSON.stringify(early.snapshot())) as EngineSnapshot;
  const fromSnapshot = Engine.restore(DEFAULT_ENGINE_CONFIG, snap, journal.slice(cut), () => {});
  const fromJournal = Engine.restore(DEFAULT_ENGINE_CONFIG, null, journal, () => {});
  assert.deepEqual(userState(fromSnapshot.snapshot()), userState(fromJournal.snapshot()));
  assert.deepEqual(userState(fromSnapshot.snapshot()), userState(run.engine.snapshot()));
  assert.deepEqual(queues(fromSnapshot), queues(run.engine));
});

test('without agents, a restored engine behaves exactly like the original from then on', () => {
  const whole = runStream({ seed: 5, ops: 3000, withMarket: false });
  const half = runStream({ seed: 5, ops: 1500, withMarket: false });
  const restoredEvents: EngineEvent[] = [];
  const restored = Engine.restore(DEFAULT_ENGINE_CONFIG, null, journalOf(half.events), (e) =>
    restoredEvents.push(e),
  );
  for (const { command, nowUs } of whole.commands.slice(half.commands.length)) restored.apply(command, nowUs);
  assert.deepEqual(restored.snapshot(), whole.engine.snapshot());
  assert.equal(JSON.stringify(restoredEvents), JSON.stringify(whole.events.slice(half.events.length)));
});
