import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_ENGINE_CONFIG,
  DEFAULT_MARKET_CONFIG,
  Engine,
  type EngineEvent,
  SyntheticMarket,
  type SyntheticMarketConfig,
} from '../src/index.js';
import { T0 } from './support/fixture.js';
import { assertBookUncrossed, assertConserved } from './support/invariants.js';

const STEP_US = 100_000;

function live(config: SyntheticMarketConfig = DEFAULT_MARKET_CONFIG, steps = 100) {
  const events: EngineEvent[] = [];
  const engine = new Engine(DEFAULT_ENGINE_CONFIG, (e) => events.push(e));
  const market = new SyntheticMarket(engine, config);
  let now = T0;
  const step = (n: number) => {
    for (let i = 0; i < n; i++) {
      now += STEP_US;
      market.step(now);
    }
  };
  step(steps);
  return { engine, market, events, step, now: () => now };
}

function mid(engine: Engine, contract: string): number {
  const d = engine.depth(contract, 1);
  return (d.bids[0].price + d.asks[0].price) / 2;
}

test('the default market is alive: deep two-sided books, tight spreads, trades and moving prices', () => {
  const { engine, step } = live();
  for (const c of DEFAULT_MARKET_CONFIG.contracts) {
    const d = engine.depth(c.contract, 50);
    assert.ok(d.bids.length >= 10 && d.asks.length >= 10, `${c.contract} has depth`);
    const spread = d.asks[0].price - d.bids[0].price;
    assert.ok(spread > 0 && spread / mid(engine, c.contract) < 0.002, `${c.contract} spread ${spread}`);
    engine.takeTradeStats(c.contract);
  }
  const first = mid(engine, 'sim/btc.usdt');
  step(50); // five seconds
  for (const c of DEFAULT_MARKET_CONFIG.contracts) {
    const stats = engine.takeTradeStats(c.contract);
    assert.ok(stats.volume > 0 && stats.turnover > 0, `${c.contract} traded in 5 s`);
    assert.ok(engine.lastPrice(c.contract)! > 0);
  }
  assert.notEqual(mid(engine, 'sim/btc.usdt'), first, 'the price walks');
  assertBookUncrossed(engine);
  assertConserved(engine);
});

test('eth.btc follows eth.usdt / btc.usdt', () => {
  const { engine, market, step } = live();
  for (let i = 0; i < 10; i++) {
    step(30);
    const implied = market.fairPrice('sim/eth.usdt') / market.fairPrice('sim/btc.usdt');
    assert.ok(Math.abs(market.fairPrice('sim/eth.btc') / implied - 1) < 1e-12);
    const quoted = mid(engine, 'sim/eth.usdt') / mid(engine, 'sim/btc.usdt');
    assert.ok(
      Math.abs(mid(engine, 'sim/eth.btc') / quoted - 1) < 0.002,
      'the books agree within a few ticks',
    );
  }
});

test('knobs: levels, spread and gap are what the config says; no takers means no trades', () => {
  const config: SyntheticMarketConfig = {
    seed: 3,
    contracts: [
      {
        ...DEFAULT_MARKET_CONFIG.contracts[0],
        levels: 7,
        halfSpreadTicks: 10,
        levelGapTicks: 20,
        takerRate: 0,
      },
    ],
  };
  const { engine, market } = live(config, 20);
  const d = engine.depth('sim/btc.usdt', 100);
  assert.equal(d.bids.length, 7);
  assert.equal(d.asks.length, 7);
  const gap = Math.round((d.bids[0].price - d.bids[1].price) * 100);
  assert.equal(gap, 20);
  const fair = market.fairPrice('sim/btc.usdt');
  assert.ok(fair - d.bids[0].price >= 0.1 && fair - d.bids[0].price < 0.11 + 1e-9);
  assert.equal(engine.lastPrice('sim/btc.usdt'), null);
});

test('agents are invisible to users: no journal events, no info, and their names are not usable', () => {
  const { engine, events } = live(DEFAULT_MARKET_CONFIG, 100);
  assert.ok(events.length > 0);
  assert.deepEqual(
    [...new Set(events.map((e) => e.kind))],
    ['trade'],
    'agents alone emit only public trades',
  );
  assert.equal(engine.info('~agent/maker/sim/btc.usdt').balance, 0);
  const r = engine.apply(
    { kind: 'deposit', account: '~agent/maker/sim/btc.usdt', currency: 'usdt', amount: 1 },
    T0,
  );
  assert.equal(!r.ok && r.code, 'account-not-exist');
});

test('the same seed and step times give the same market', () => {
  const a = live(DEFAULT_MARKET_CONFIG, 200);
  const b = live(DEFAULT_MARKET_CONFIG, 200);
  const c = live({ ...DEFAULT_MARKET_CONFIG, seed: 99 }, 200);
  assert.equal(JSON.stringify(a.events), JSON.stringify(b.events));
  assert.deepEqual(a.engine.depth('sim/eth.btc', 20), b.engine.depth('sim/eth.btc', 20));
  assert.notDeepEqual(a.engine.depth('sim/btc.usdt', 5), c.engine.depth('sim/btc.usdt', 5));
});

test("agents trade with users' orders; after a restart the market regenerates and users keep their queue place", () => {
  const { engine, events, step, now } = live(DEFAULT_MARKET_CONFIG, 10);
  for (const account of ['u/ann', 'u/ben']) {
    engine.apply({ kind: 'deposit', account, currency: 'usdt', amount: 1_000_000 }, now());
  }
  const bid = engine.depth('sim/btc.usdt', 1).bids[0].price;
  const place = (account: string, price: number, client_oid: string) => {
    const r = engine.apply(
      { kind: 'place', account, contract: 'sim/btc.usdt', bs: 'b', price, amount: 0.05, client_oid },
      now(),
    );
    assert.ok(r.ok);
    return r.exchange_oid!;
  };
  // Two users queue on one price far below the market, and one bids at the top to be hit.
  const far = Math.round((bid - 500) * 100) / 100;
  const first = place('u/ben', far, 'q1');
  const second = place('u/ann', far, 'q2');
  const top = place('u/ann', Math.round((bid + 0.01) * 100) / 100, 'top');
  step(300);
  const hit = engine.getOrder('u/ann', top)!;
  assert.ok(hit.dealt_amount > 0, 'a synthetic taker sold into the best bid');
  const userFills = events.filter((e) => e.kind === 'fill');
  assert.ok(userFills.length > 0, "the user's side of an agent trade is an event");

  const journal = events
    .filter((e) => e.kind !== 'trade')
    .map((e) => JSON.parse(JSON.stringify(e)) as EngineEvent);
  const restored = Engine.restore(DEFAULT_ENGINE_CONFIG, null, journal, () => {});
  assert.deepEqual(restored.restingOrders('sim/btc.usdt', 'b').slice(-2), [first, second]);
  const balances = (e: Engine) => e.info('u/ann').position.map((p) => [p.contract, p.available, p.frozen]);
  assert.deepEqual(balances(restored), balances(engine));
  assert.deepEqual(
    restored.orders('u/ann').map((o) => [o.exchange_oid, o.status, o.dealt_amount]),
    engine.orders('u/ann').map((o) => [o.exchange_oid, o.status, o.dealt_amount]),
  );
  const market = new SyntheticMarket(restored, DEFAULT_MARKET_CONFIG);
  let t = now();
  for (let i = 0; i < 20; i++) {
    t += STEP_US;
    market.step(t);
  }
  const d = restored.depth('sim/btc.usdt', 5);
  assert.ok(d.bids.length === 5 && d.asks.length === 5, 'the market is back');
  assert.ok(
    Math.abs(mid(restored, 'sim/btc.usdt') / engine.lastPrice('sim/btc.usdt')! - 1) < 0.01,
    'near the last price',
  );
  assert.deepEqual(
    restored.restingOrders('sim/btc.usdt', 'b').slice(-2),
    [first, second],
    'still first in their queue',
  );
});
