import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DealtTrans, Order } from '@ots/protocol';
import type { EngineEvent } from '../src/index.js';
import { funded } from './support/fixture.js';

const C = 'test/btc.usdt';

function ordersOf(events: readonly EngineEvent[]): Order[] {
  return events.flatMap((e) => (e.kind === 'order' ? [e.order] : []));
}

function fillsOf(events: readonly EngineEvent[]): DealtTrans[] {
  return events.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
}

test('a limit order rests as pending with the wire fields of the protocol', () => {
  const h = funded();
  const o = h.placed('alice', 'b', 100, 0.5);
  assert.equal(o.status, 'pending');
  assert.equal(o.version, 1);
  assert.match(o.exchange_oid, /^test\/btc\.usdt-\d+$/);
  assert.equal(o.entrust_price, 100);
  assert.equal(o.entrust_amount, 0.5);
  assert.equal(o.dealt_amount, 0);
  assert.equal(o.average_dealt_price, 0);
  assert.match(o.entrust_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  assert.equal(o.canceled_time, null);
  assert.deepEqual(h.engine.depth(C, 5), { bids: [{ price: 100, volume: 0.5 }], asks: [] });
  assert.deepEqual(h.engine.getOrder('alice', o.exchange_oid), o);
  assert.deepEqual(h.engine.findByClientOid('alice', o.client_oid), o);
  assert.equal(h.engine.getOrder('bob', o.exchange_oid), undefined, 'another account never sees it');
});

test('the first command event comes first and seq rises by one per accepted command', () => {
  const h = funded();
  h.placed('alice', 'b', 100, 0.5);
  h.place('alice', 'b', 100.3, 0.5); // rejected: no event
  h.placed('bob', 's', 100, 0.2);
  const commands = h.events.filter((e) => e.kind === 'command');
  assert.equal(h.events[0].kind, 'command');
  assert.deepEqual(
    commands.map((e) => (e as { seq: number }).seq),
    [7, 8],
    'six deposits came before (seq 1-6), the rejected place got none',
  );
});

test('a crossing order fills at the maker price, best price first, then time', () => {
  const h = funded();
  const a1 = h.placed('alice', 's', 101, 0.1);
  const b1 = h.placed('bob', 's', 100.5, 0.1);
  const a2 = h.placed('alice', 's', 100.5, 0.1);
  h.events.length = 0;
  const taker = h.placed('carol', 'b', 101, 0.25);
  assert.equal(taker.status, 'dealt');
  assert.equal(taker.dealt_amount, 0.25);
  // 0.1 @ 100.5 (bob, earlier) + 0.1 @ 100.5 (alice) + 0.05 @ 101
  assert.equal(taker.average_dealt_price, 100.6);
  const fills = fillsOf(h.events);
  const makers = fills
    .filter((f) => f.dealt_type === 'maker')
    .map((f) => [f.exchange_oid, f.dealt_price, f.dealt_amount]);
  assert.deepEqual(makers, [
    [b1.exchange_oid, 100.5, 0.1],
    [a2.exchange_oid, 100.5, 0.1],
    [a1.exchange_oid, 101, 0.05],
  ]);
  assert.equal(fills.filter((f) => f.dealt_type === 'taker').length, 3);
  assert.equal(h.engine.getOrder('alice', a1.exchange_oid)!.status, 'part-deal-pending');
  assert.equal(h.engine.lastPrice(C), 101);
  assert.deepEqual(h.engine.takeTradeStats(C), { volume: 0.25, turnover: 25.15 });
  assert.deepEqual(h.engine.takeTradeStats(C), { volume: 0, turnover: 0 }, 'stats reset on each take');
  const trades = h.events.filter((e) => e.kind === 'trade');
  assert.equal(trades.length, 3);
  assert.equal((trades[0] as { trade: { bs: string } }).trade.bs, 'b', 'a trade carries the taker side');
});

test('fills carry ids of the protocol format, maker/taker, commission and its currency', () => {
  const h = funded();
  const maker = h.placed('alice', 's', 100, 1);
  h.placed('bob', 'b', 100, 1);
  const [m, t] = [h.engine.fills('alice')[0], h.engine.fills('bob')[0]];
  assert.match(m.exchange_tid, /^test\/btc\.usdt-\d+$/);
  assert.equal(m.exchange_tid, t.exchange_tid, 'both sides of one trade share its id');
  assert.equal(m.exchange_oid, maker.exchange_oid);
  assert.equal(m.dealt_type, 'maker');
  assert.equal(m.commission, 0.1, 'the seller receives 100 usdt and pays the 0.1% maker fee in usdt');
  assert.equal(m.commission_currency, 'usdt');
  assert.equal(t.dealt_type, 'taker');
  assert.equal(t.commission, 0.002, 'the buyer receives 1 btc and pays the 0.2% taker fee in btc');
  assert.equal(t.commission_currency, 'btc');
  assert.equal(h.engine.getOrder('alice', maker.exchange_oid)!.commission, 0.1);
});

test('market: price is the worst acceptable price and the unfilled rest is cancelled', () => {
  const h = funded();
  h.placed('alice', 's', 100, 0.1);
  h.placed('alice', 's', 102, 0.1);
  const o = h.placed('bob', 'b', 101, 0.3, 'market');
  assert.equal(o.status, 'part-deal-withdrawn');
  assert.equal(o.dealt_amount, 0.1);
  assert.deepEqual(h.engine.depth(C, 5).asks, [{ price: 102, volume: 0.1 }]);
  assert.deepEqual(h.engine.depth(C, 5).bids, [], 'a market order never rests');
  const none = h.placed('bob', 'b', 99, 0.3, 'market');
  assert.equal(none.status, 'withdrawn');
  assert.equal(h.balance('bob', 'usdt').frozen, 0, 'nothing stays frozen');
});

test('ioc fills what it can now and cancels the rest', () => {
  const h = funded();
  h.placed('alice', 'b', 100, 0.1);
  const o = h.placed('bob', 's', 99.5, 0.5, 'ioc');
  assert.equal(o.status, 'part-deal-withdrawn');
  assert.equal(o.dealt_amount, 0.1);
  assert.deepEqual(h.engine.depth(C, 5), { bids: [], asks: [] });
});

test('fok fills entirely or not at all', () => {
  const h = funded();
  h.placed('alice', 's', 100, 0.1);
  h.placed('carol', 's', 100.5, 0.1);
  const no = h.placed('bob', 'b', 100.5, 0.3, 'fok');
  assert.equal(no.status, 'withdrawn');
  assert.equal(no.dealt_amount, 0);
  assert.equal(h.engine.depth(C, 5).asks.length, 2, 'a failed fok touches nothing');
  const yes = h.placed('bob', 'b', 100.5, 0.2, 'fok');
  assert.equal(yes.status, 'dealt');
  assert.equal(yes.dealt_amount, 0.2);
});

test('post_only rests when it would not take and is rejected with error-order when it would', () => {
  const h = funded();
  h.placed('alice', 's', 100, 0.1);
  const r = h.place('bob', 'b', 100, 0.1, 'post_only');
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.code, 'error-order');
  assert.equal(h.engine.orders('bob').length, 0, 'a rejection leaves no order');
  const o = h.placed('bob', 'b', 99.5, 0.1, 'post_only');
  assert.equal(o.status, 'pending');
});

test('unknown option keys are ignored; an unknown type is invalid-param', () => {
  const h = funded();
  const r = h.engine.apply(
    {
      kind: 'place',
      account: 'alice',
      contract: C,
      bs: 'b',
      price: 100,
      amount: 0.1,
      client_oid: 'x',
      options: { close: true },
    },
    h.now(),
  );
  assert.ok(r.ok);
  assert.deepEqual(r.order!.options, { close: true });
  const bad = h.place('alice', 'b', 100, 0.1, 'gtd');
  assert.equal(!bad.ok && bad.code, 'invalid-param');
});

test('each rejection has its protocol code and changes nothing', () => {
  const h = funded();
  const before = JSON.stringify([h.engine.info('alice'), h.engine.depth(C, 10)]);
  const cases: Array<[number, number, string]> = [
    [100.3, 0.1, 'exg-place-order-error-price'], // off the 0.5 tick grid
    [0, 0.1, 'exg-place-order-error-price'],
    [-1, 0.1, 'exg-place-order-error-price'],
    [Number.NaN, 0.1, 'exg-place-order-error-price'],
    [1000000.05, 0.02, 'exg-place-order-error-price'], // off the grid by a tenth of a tick, at 2,000,000 ticks
    [100, 0.015, 'exg-place-order-error-amount'], // off the 0.01 lot grid
    [100, 10000.001, 'exg-place-order-error-amount'], // off the grid by a tenth of a lot, at 1,000,000 lots
    [100, 0.01, 'exg-place-order-error-amount'], // below min_amount 0.02
    [100, 0, 'exg-place-order-error-amount'],
    [30, 0.02, 'exg-place-order-min-notional'], // 0.6 < 1
    [100, 2000, 'exg-place-order-no-money'], // 200,000 usdt > 100,000
  ];
  for (const [price, amount, code] of cases) {
    const r = h.place('alice', 'b', price, amount);
    assert.equal(r.ok, false, `${price} x ${amount}`);
    assert.equal(!r.ok && r.code, code, `${price} x ${amount}`);
    assert.ok(!r.ok && r.message.length > 10);
  }
  const sell = h.place('alice', 's', 100, 11);
  assert.equal(!sell.ok && sell.code, 'exg-place-order-no-money', 'a sell needs the base currency');
  const unknown = h.engine.apply(
    {
      kind: 'place',
      account: 'alice',
      contract: 'test/eth.usdt',
      bs: 'b',
      price: 1,
      amount: 1,
      client_oid: 'u',
    },
    h.now(),
  );
  assert.equal(!unknown.ok && unknown.code, 'contract-not-exist');
  assert.equal(JSON.stringify([h.engine.info('alice'), h.engine.depth(C, 10)]), before);
  assert.equal(h.events.length, 0, 'no rejected command is journaled');
});

test("findByClientOid finds the newest retained order; uniqueness is the gateway store's job", () => {
  const h = funded();
  const cmd = {
    kind: 'place',
    account: 'alice',
    contract: C,
    bs: 'b',
    price: 100,
    amount: 0.1,
    client_oid: 'k',
  } as const;
  const first = h.engine.apply(cmd, h.now());
  const second = h.engine.apply({ ...cmd, price: 99.5 }, h.now());
  assert.ok(first.ok && second.ok);
  assert.equal(h.engine.findByClientOid('alice', 'k')!.exchange_oid, second.exchange_oid);
  assert.equal(h.engine.findByClientOid('bob', 'k'), undefined);
  assert.equal(h.engine.findByClientOid('alice', 'nope'), undefined);
});

test('cancel: pending -> withdrawn, part-deal-pending -> part-deal-withdrawn, then not cancellable', () => {
  const h = funded();
  const o = h.placed('alice', 'b', 100, 0.5);
  const c = h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: o.exchange_oid }, h.now());
  assert.ok(c.ok);
  assert.equal(c.order!.status, 'withdrawn');
  assert.equal(c.order!.version, 2);
  assert.ok(c.order!.canceled_time);
  const again = h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: o.exchange_oid }, h.now());
  assert.equal(!again.ok && again.code, 'exg-cancel-order-not-exist');
  const p = h.placed('alice', 'b', 100, 0.5);
  h.placed('bob', 's', 100, 0.2);
  const pc = h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: p.exchange_oid }, h.now());
  assert.ok(pc.ok);
  assert.equal(pc.order!.status, 'part-deal-withdrawn');
  // An open order's id written otherwise (a leading zero, no number, a second dash) is not it.
  const open = h.placed('alice', 'b', 90, 0.5).exchange_oid;
  const number = open.slice(open.lastIndexOf('-') + 1);
  for (const [account, oid] of [
    ['bob', p.exchange_oid],
    ['alice', 'test/btc.usdt-999'],
    ['alice', 'other/btc.usdt-1'],
    ['alice', 'nonsense'],
    ['alice', `test/btc.usdt-0${number}`],
    ['alice', 'test/btc.usdt-'],
    ['alice', `test/btc.usdt-x-${number}`],
    ['alice', `-${number}`],
  ]) {
    const r = h.engine.apply({ kind: 'cancel', account, exchange_oid: oid }, h.now());
    assert.equal(!r.ok && r.code, 'exchange_oid-not-found', `${account} ${oid}`);
  }
});

test('cancel stays correct with 10,000 orders on one level, removed in any order', () => {
  const h = funded();
  h.deposit('alice', 'usdt', 10_000_000);
  const oids: string[] = [];
  for (let i = 0; i < 10_000; i++) oids.push(h.placed('alice', 'b', 100, 0.02).exchange_oid);
  assert.deepEqual(h.engine.depth(C, 1).bids, [{ price: 100, volume: 200 }]);
  // Cancel the middle, the head, the tail, then every third one.
  const order = [5000, 0, 9999, ...oids.keys()].filter((i, k, all) => all.indexOf(i) === k && i % 3 !== 1);
  for (const i of order) {
    const r = h.engine.apply({ kind: 'cancel', account: 'alice', exchange_oid: oids[i] }, h.now());
    assert.ok(r.ok);
  }
  const left = oids.filter((_, i) => !order.includes(i));
  assert.deepEqual(h.engine.restingOrders(C, 'b'), left, 'the survivors keep their queue order');
  assert.equal(h.engine.depth(C, 1).bids[0].volume, Math.round(left.length * 2) / 100);
  // The queue still matches in time order.
  const taker = h.placed('bob', 's', 100, 0.04);
  assert.equal(taker.status, 'dealt');
  assert.deepEqual(h.engine.restingOrders(C, 'b').slice(0, 2), left.slice(2, 4));
});

test('amend: a smaller amount keeps the queue place; a larger amount or new price loses it', () => {
  const h = funded();
  const a = h.placed('alice', 'b', 100, 0.5);
  const b = h.placed('bob', 'b', 100, 0.5);
  const down = h.engine.apply(
    { kind: 'amend', account: 'alice', exchange_oid: a.exchange_oid, amount: 0.3 },
    h.now(),
  );
  assert.ok(down.ok);
  assert.equal(down.order!.entrust_amount, 0.3);
  assert.equal(down.order!.version, 2);
  assert.deepEqual(h.engine.restingOrders(C, 'b'), [a.exchange_oid, b.exchange_oid]);
  assert.equal(h.balance('alice', 'usdt').frozen, 30, 'the freeze follows the amount');
  h.engine.apply({ kind: 'amend', account: 'alice', exchange_oid: a.exchange_oid, amount: 0.4 }, h.now());
  assert.deepEqual(h.engine.restingOrders(C, 'b'), [b.exchange_oid, a.exchange_oid]);
  h.engine.apply({ kind: 'amend', account: 'bob', exchange_oid: b.exchange_oid, price: 99.5 }, h.now());
  h.engine.apply({ kind: 'amend', account: 'bob', exchange_oid: b.exchange_oid, price: 100 }, h.now());
  assert.deepEqual(h.engine.restingOrders(C, 'b'), [a.exchange_oid, b.exchange_oid]);
  assert.deepEqual(h.engine.depth(C, 5).bids, [{ price: 100, volume: 0.9 }]);
});

test('amend: below the dealt amount is error-amount; down to it completes the order', () => {
  const h = funded();
  const a = h.placed('alice', 'b', 100, 0.5);
  h.placed('bob', 's', 100, 0.2);
  const below = h.engine.apply(
    { kind: 'amend', account: 'alice', exchange_oid: a.exchange_oid, amount: 0.1 },
    h.now(),
  );
  assert.equal(!below.ok && below.code, 'exg-place-order-error-amount');
  const equal = h.engine.apply(
    { kind: 'amend', account: 'alice', exchange_oid: a.exchange_oid, amount: 0.2 },
    h.now(),
  );
  assert.ok(equal.ok);
  assert.equal(equal.order!.status, 'dealt');
  assert.equal(h.balance('alice', 'usdt').frozen, 0);
  assert.deepEqual(h.engine.depth(C, 5).bids, []);
});

test('amend: a crossing price trades at once; money and post_only rules hold', () => {
  const h = funded();
  h.placed('alice', 's', 101, 0.2);
  const b = h.placed('bob', 'b', 100, 0.2);
  const cross = h.engine.apply(
    { kind: 'amend', account: 'bob', exchange_oid: b.exchange_oid, price: 101 },
    h.now(),
  );
  assert.ok(cross.ok);
  assert.equal(h.engine.getOrder('bob', b.exchange_oid)!.status, 'dealt');
  const p = h.placed('carol', 'b', 99, 0.2, 'post_only');
  h.placed('alice', 's', 100, 0.1);
  const po = h.engine.apply(
    { kind: 'amend', account: 'carol', exchange_oid: p.exchange_oid, price: 100 },
    h.now(),
  );
  assert.equal(!po.ok && po.code, 'error-order');
  const rich = h.engine.apply(
    { kind: 'amend', account: 'carol', exchange_oid: p.exchange_oid, amount: 5000 },
    h.now(),
  );
  assert.equal(!rich.ok && rich.code, 'exg-place-order-no-money');
  assert.equal(
    h.engine.getOrder('carol', p.exchange_oid)!.entrust_amount,
    0.2,
    'a refused amend changes nothing',
  );
  const nothing = h.engine.apply({ kind: 'amend', account: 'carol', exchange_oid: p.exchange_oid }, h.now());
  assert.equal(!nothing.ok && nothing.code, 'invalid-param');
});

test('self-trade prevention: the incoming order stops at its own resting order and its rest is cancelled', () => {
  const h = funded();
  const own = h.placed('alice', 's', 100.5, 0.1);
  h.placed('bob', 's', 100, 0.1);
  const mine = h.placed('alice', 'b', 101, 0.3);
  assert.equal(mine.status, 'part-deal-withdrawn', 'filled 0.1 against bob, then met its own order');
  assert.equal(mine.dealt_amount, 0.1);
  assert.equal(
    h.engine.getOrder('alice', own.exchange_oid)!.status,
    'pending',
    'the resting order is untouched',
  );
  const blocked = h.placed('alice', 'b', 101, 0.1);
  assert.equal(blocked.status, 'withdrawn');
  assert.equal(
    h.engine.fills('alice').every((f) => f.dealt_type === 'taker'),
    true,
  );
  const best = h.engine.depth(C, 1);
  assert.ok(best.bids.length === 0 || best.bids[0].price < best.asks[0].price, 'the book is not crossed');
});

test('order events follow the transition table and version rises by one each time', () => {
  const h = funded();
  h.placed('alice', 's', 100, 0.1);
  h.placed('alice', 's', 100.5, 0.1);
  const taker = h.placed('bob', 'b', 101, 0.3);
  const versions = ordersOf(h.events)
    .filter((o) => o.exchange_oid === taker.exchange_oid)
    .map((o) => [o.status, o.version]);
  // Two fills, then the rest stays in the book without another change.
  assert.deepEqual(versions, [
    ['part-deal-pending', 1],
    ['part-deal-pending', 2],
  ]);
  assert.equal(taker.status, 'part-deal-pending');
  assert.equal(taker.version, 2);
  assert.equal(taker.last_dealt_amount, 0.1);
});

test('every event serialises to plain JSON with its kind, as the gateway journals it', () => {
  const h = funded();
  h.placed('alice', 's', 100, 0.1);
  h.placed('bob', 'b', 100, 0.1);
  const plain = h.events.map(
    (e) => JSON.parse(JSON.stringify(e)) as { kind: string } & Record<string, unknown>,
  );
  assert.deepEqual([...new Set(plain.map((e) => e.kind))].sort(), [
    'balance',
    'command',
    'fill',
    'order',
    'trade',
  ]);
  for (const e of plain) {
    if (e.kind === 'order') assert.ok((e.order as Order).exchange_oid && (e.record as { id: number }).id > 0);
    if (e.kind === 'fill') assert.equal((e.fill as DealtTrans).dealt_amount, 0.1);
    if (e.kind === 'trade')
      assert.deepEqual(e.trade, {
        contract: C,
        price: 100,
        amount: 0.1,
        bs: 'b',
        timeUs: (e.trade as { timeUs: number }).timeUs,
      });
    if (e.kind === 'balance') assert.equal(typeof e.available, 'number');
    if (e.kind === 'command') assert.equal(typeof e.seq, 'number');
  }
});
