import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpotPosition } from '@ots/protocol';
import { DEFAULT_ENGINE_CONFIG, Engine, type EngineEvent } from '../src/index.js';
import { funded, harness, T0 } from './support/fixture.js';

const C = 'test/btc.usdt';

test('a buy freezes quote at its price, a sell freezes base; cancelling releases exactly', () => {
  const h = funded();
  const b = h.placed('alice', 'b', 100, 0.5);
  assert.deepEqual(h.balance('alice', 'usdt'), { available: 99_950, frozen: 50, total: 100_000 });
  const s = h.placed('alice', 's', 120, 2);
  assert.deepEqual(h.balance('alice', 'btc'), { available: 8, frozen: 2, total: 10 });
  h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: b.exchange_oid }, h.now());
  h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: s.exchange_oid }, h.now());
  assert.deepEqual(h.balance('alice', 'usdt'), { available: 100_000, frozen: 0, total: 100_000 });
  assert.deepEqual(h.balance('alice', 'btc'), { available: 10, frozen: 0, total: 10 });
});

test('a fill settles both sides with maker and taker fees in the currency each receives', () => {
  const h = funded();
  h.placed('alice', 's', 100, 1); // maker: receives 100 usdt, pays 0.1% = 0.1 usdt
  h.placed('bob', 'b', 110, 1); // taker at 110 fills at 100: pays 100 usdt, receives 1 btc less 0.2%
  assert.deepEqual(h.balance('alice', 'usdt'), { available: 100_099.9, frozen: 0, total: 100_099.9 });
  assert.deepEqual(h.balance('alice', 'btc'), { available: 9, frozen: 0, total: 9 });
  assert.deepEqual(h.balance('bob', 'usdt'), { available: 99_900, frozen: 0, total: 99_900 });
  assert.deepEqual(h.balance('bob', 'btc'), { available: 10.998, frozen: 0, total: 10.998 });
  const totals = h.engine.ledgerTotals();
  assert.equal(totals.usdt.fees, 10_000_000n, '0.1 usdt in units of 1e-8');
  assert.equal(totals.btc.fees, 200_000n, '0.002 btc');
  for (const t of Object.values(totals)) assert.equal(t.held + t.fees, t.deposits);
});

test('a buy filled below its limit gets the difference back at once; a partial fill keeps the rest frozen', () => {
  const h = funded();
  h.placed('alice', 's', 100, 0.4);
  h.placed('bob', 'b', 105, 1);
  // 0.4 filled at 100 (40 usdt paid), 0.6 rests at 105 (63 usdt frozen)
  assert.deepEqual(h.balance('bob', 'usdt'), { available: 99_897, frozen: 63, total: 99_960 });
});

test('fees round up to the currency unit and the payer, the pot and the receiver agree to the unit', () => {
  const h = harness({
    contracts: [
      {
        symbol: C,
        base: 'btc',
        quote: 'usdt',
        min_change: 0.01,
        min_amount: 0.0001,
        unit_amount: 0.0001,
        min_notional: 0,
        maker_fee: 0.0003,
        taker_fee: 0.0007,
      },
    ],
    minCurrencyDecimals: 0,
  });
  // With no minimum, usdt has 6 decimals (0.01 x 0.0001) and btc 4.
  h.deposit('alice', 'btc', 1);
  h.deposit('bob', 'usdt', 1000);
  h.placed('alice', 's', 33.33, 0.0003);
  h.placed('bob', 'b', 33.33, 0.0003);
  // Cost 0.009999 usdt; the maker fee 0.0000029997 rounds up to 0.000003.
  assert.equal(h.engine.fills('alice')[0].commission, 0.000003);
  // The taker receives 0.0003 btc; 0.00000021 rounds up to one unit, 0.0001 btc.
  assert.equal(h.engine.fills('bob')[0].commission, 0.0001);
  for (const t of Object.values(h.engine.ledgerTotals())) assert.equal(t.held + t.fees, t.deposits);
});

test('insufficient funds is exg-place-order-no-money and changes nothing, not even the client_oid', () => {
  const h = harness();
  h.deposit('dave', 'usdt', 10);
  const before = JSON.stringify(h.engine.info('dave'));
  const events = h.events.length;
  const cmd = {
    kind: 'place',
    account: 'dave',
    contract: C,
    bs: 'b',
    price: 100,
    amount: 0.2,
    client_oid: 'k1',
  } as const;
  const r = h.engine.apply(cmd, h.now());
  assert.equal(!r.ok && r.code, 'exg-place-order-no-money');
  assert.match(!r.ok ? r.message : '', /20 usdt/);
  assert.equal(JSON.stringify(h.engine.info('dave')), before);
  assert.equal(h.events.length, events);
  assert.equal(h.engine.findByClientOid('dave', 'k1'), undefined);
  const stranger = h.engine.apply({ ...cmd, account: 'nobody' }, h.now());
  assert.equal(
    !stranger.ok && stranger.code,
    'exg-place-order-no-money',
    'an account with no deposit has no money',
  );
  h.deposit('dave', 'usdt', 10);
  assert.ok(h.engine.apply(cmd, h.now()).ok, 'after a deposit the same order goes through');
});

test('deposits: journaled command and balance event; bad deposits are invalid-param', () => {
  const h = harness();
  h.deposit('erin', 'btc', 1.5);
  const kinds = h.events.map((e) => e.kind);
  assert.deepEqual(kinds, ['command', 'balance']);
  const balance = h.events[1] as Extract<EngineEvent, { kind: 'balance' }>;
  assert.deepEqual(
    {
      account: balance.account,
      currency: balance.currency,
      available: balance.available,
      frozen: balance.frozen,
    },
    { account: 'erin', currency: 'btc', available: 1.5, frozen: 0 },
  );
  for (const [currency, amount] of [
    ['doge', 1],
    ['btc', 0],
    ['btc', -1],
    ['btc', 0.000000001],
  ] as const) {
    const r = h.engine.apply({ kind: 'deposit', account: 'erin', currency, amount }, h.now());
    assert.equal(!r.ok && r.code, 'invalid-param', `${amount} ${currency}`);
  }
});

test('info has the spot shape and its invariants, valued in the valuation currency', () => {
  const h = funded();
  h.placed('alice', 's', 100, 1);
  h.placed('bob', 'b', 100, 0.5); // last price 100
  h.placed('alice', 'b', 90, 0.3); // 27 usdt frozen
  const info = h.engine.info('alice');
  const rows = info.position as SpotPosition[];
  assert.deepEqual(
    rows.map((p) => p.contract),
    ['btc', 'usdt'],
  );
  for (const p of rows) {
    assert.equal(p.type, 'spot');
    assert.equal(p.total_amount, p.available + p.frozen, p.contract);
  }
  const usdt = rows.find((p) => p.contract === 'usdt')!;
  const btc = rows.find((p) => p.contract === 'btc')!;
  assert.equal(usdt.market_value, 0, 'the valuation currency is cash');
  assert.equal(usdt.value_cny, usdt.total_amount);
  assert.deepEqual([usdt.available, usdt.frozen], [100_022.95, 27]);
  assert.deepEqual([btc.available, btc.frozen, btc.total_amount], [9, 0.5, 9.5]);
  assert.equal(btc.market_value, 950, '9.5 btc at the last price 100');
  assert.equal(info.cash, usdt.total_amount);
  assert.equal(info.market_value, 950);
  assert.deepEqual(info.market_value_detail, { btc: 950, usdt: 0 });
  assert.equal(info.balance, info.cash + info.market_value);
});

test('info of an unknown account is all zeros, and the cny rate scales the money figures', () => {
  const engine = new Engine({ ...DEFAULT_ENGINE_CONFIG, cnyRate: 7 }, () => {});
  engine.apply({ kind: 'deposit', account: 'x', currency: 'usdt', amount: 10 }, T0);
  const info = engine.info('x');
  assert.equal(info.balance, 70);
  assert.deepEqual(
    (engine.info('nobody').position as SpotPosition[]).map((p) => [p.contract, p.total_amount]),
    [
      ['btc', 0],
      ['eth', 0],
      ['usdt', 0],
    ],
  );
  assert.equal(engine.info('nobody').balance, 0);
});

test('info values a coin through a cross when it has no direct pair with the valuation currency', () => {
  const contracts = DEFAULT_ENGINE_CONFIG.contracts.filter((c) => c.symbol !== 'sim/eth.usdt');
  const h = harness({ contracts, valuationCurrency: 'usdt' });
  const place = (account: string, contract: string, bs: 'b' | 's', price: number, amount: number) =>
    assert.ok(
      h.engine.apply(
        { kind: 'place', account, contract, bs, price, amount, client_oid: `${account}${h.now()}` },
        h.now(),
      ).ok,
    );
  for (const a of ['p', 'q']) {
    h.deposit(a, 'usdt', 1_000_000);
    h.deposit(a, 'btc', 10);
    h.deposit(a, 'eth', 100);
  }
  place('p', 'sim/btc.usdt', 's', 60000, 0.1);
  place('q', 'sim/btc.usdt', 'b', 60000, 0.1);
  place('p', 'sim/eth.btc', 's', 0.05, 1);
  place('q', 'sim/eth.btc', 'b', 0.05, 1);
  h.deposit('r', 'eth', 2);
  assert.equal(h.engine.info('r').market_value_detail.eth, 2 * 0.05 * 60000);
});
