/** Checks shared by the property tests: each one states a rule the engine must never break. */
import assert from 'node:assert/strict';
import { canTransition, type DealtTrans, type Order, STATUS_TRANSITIONS } from '@ots/protocol';
import type { Engine, EngineEvent } from '../../src/index.js';

export function assertBookUncrossed(engine: Engine): void {
  for (const c of engine.contracts()) {
    const d = engine.depth(c.symbol, 1);
    if (d.bids.length && d.asks.length) {
      assert.ok(
        d.bids[0].price < d.asks[0].price,
        `${c.symbol} crossed: ${d.bids[0].price} >= ${d.asks[0].price}`,
      );
    }
  }
}

/** Every unit deposited is in some account (users and agents) or in the fee pot. */
export function assertConserved(engine: Engine): void {
  for (const [currency, t] of Object.entries(engine.ledgerTotals())) {
    assert.equal(
      t.held + t.fees,
      t.deposits,
      `${currency}: held ${t.held} + fees ${t.fees} != deposits ${t.deposits}`,
    );
  }
}

/** Users' frozen balances are exactly what their open orders hold; nothing is negative. */
export function assertFrozenMatchesOrders(engine: Engine): void {
  const snap = engine.snapshot();
  const held = new Map<string, number>();
  const specs = new Map(engine.contracts().map((c) => [c.symbol, c]));
  for (const o of snap.orders) {
    if (o.closedUs !== null) continue;
    const spec = specs.get(o.contract)!;
    const key = `${o.account} ${o.bs === 'b' ? spec.quote : spec.base}`;
    held.set(key, (held.get(key) ?? 0) + o.frozenUnits);
  }
  for (const [account, row] of Object.entries(snap.balances)) {
    for (const [currency, [available, frozen]] of Object.entries(row)) {
      assert.ok(available >= 0, `${account} ${currency} available ${available}`);
      assert.equal(frozen, held.get(`${account} ${currency}`) ?? 0, `${account} ${currency} frozen`);
    }
  }
}

/**
 * Order events of each order: statuses move along the transition table (or stay, for a fill on a
 * partly filled order or an amend), version rises by exactly one per event, no fill exceeds its
 * order, and the fills add up to the dealt amount.
 */
export function assertOrderHistories(events: readonly EngineEvent[]): void {
  const last = new Map<string, Order>();
  const filled = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'order') {
      const o = e.order;
      const prev = last.get(o.exchange_oid);
      if (prev === undefined) {
        assert.ok(STATUS_TRANSITIONS.waiting.includes(o.status), `${o.exchange_oid} starts at ${o.status}`);
        assert.equal(o.version, 1, `${o.exchange_oid} first version`);
      } else {
        assert.ok(
          prev.status === o.status || canTransition(prev.status, o.status),
          `${o.exchange_oid}: ${prev.status} -> ${o.status}`,
        );
        assert.equal(o.version, prev.version + 1, `${o.exchange_oid} version`);
      }
      assert.ok(o.dealt_amount <= o.entrust_amount + 1e-12, `${o.exchange_oid} dealt over its amount`);
      last.set(o.exchange_oid, o);
    } else if (e.kind === 'fill') {
      const f: DealtTrans = e.fill;
      filled.set(f.exchange_oid, (filled.get(f.exchange_oid) ?? 0) + f.dealt_amount);
      const o = last.get(f.exchange_oid)!;
      assert.ok(o, `fill before its order ${f.exchange_oid}`);
      assert.ok(
        Math.abs(filled.get(f.exchange_oid)! - o.dealt_amount) < 1e-9,
        `${f.exchange_oid} fills != dealt`,
      );
    }
  }
}
