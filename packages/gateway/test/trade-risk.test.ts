import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError } from '@ots/protocol';
import { AccountStore } from '../src/trade/account-store.js';
import { checkRiskLimits, parseRiskLimits } from '../src/trade/risk-limits.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const order = {
  account: 'sim/alice',
  contract: 'sim/btc.usdt',
  price: 10,
  amount: 1,
  openOrders: 0,
  lastPrice: 9000,
};

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof OtsError);
    return err.code;
  }
}

test('with no limits set, a far-from-market test order goes through', () => {
  assert.equal(
    codeOf(() => checkRiskLimits({}, order)),
    undefined,
  );
});

test('each limit refuses with its own code and a message naming the limit', () => {
  assert.equal(
    codeOf(() => checkRiskLimits({ max_order_amount: 0.5 }, order)),
    'risk-max-amount',
  );
  assert.equal(
    codeOf(() => checkRiskLimits({ max_order_notional: 5 }, order)),
    'risk-max-notional',
  );
  assert.equal(
    codeOf(() => checkRiskLimits({ max_open_orders: 2 }, { ...order, openOrders: 2 })),
    'risk-max-open-orders',
  );
  assert.equal(
    codeOf(() => checkRiskLimits({ max_open_orders: 2 }, { ...order, openOrders: 1 })),
    undefined,
  );
  assert.equal(
    codeOf(() => checkRiskLimits({ price_band: 0.1 }, order)),
    'risk-price-band',
  );
  assert.equal(
    codeOf(() => checkRiskLimits({ price_band: 0.1 }, { ...order, price: 9500 })),
    undefined,
  );
  assert.equal(
    codeOf(() => checkRiskLimits({ price_band: 0.1 }, { ...order, lastPrice: undefined })),
    undefined,
  );
  assert.throws(() => checkRiskLimits({ max_order_amount: 0.5 }, order), /amount 1 is over the limit of 0.5/);
});

test('operators set limits by name; unknown names and bad values are refused; null clears', () => {
  assert.deepEqual(parseRiskLimits({ max_order_amount: 2, price_band: 0.05 }), {
    max_order_amount: 2,
    price_band: 0.05,
  });
  assert.deepEqual(parseRiskLimits({ price_band: null }, { max_order_amount: 2, price_band: 0.05 }), {
    max_order_amount: 2,
  });
  assert.throws(() => parseRiskLimits({ max_amount: 2 }), /unknown limit "max_amount"/);
  assert.throws(() => parseRiskLimits({ max_order_amount: -1 }), /positive number/);
  assert.throws(() => parseRiskLimits({ max_open_orders: 1.5 }), /integer/);
});

test('accounts, their limits and the halt flag survive a restart', (t) => {
  const dir = tempDir(t);
  let db = openDb(dir);
  const store = new AccountStore(db);
  assert.equal(store.create('sim/alice'), true);
  assert.equal(store.create('sim/alice'), false);
  assert.throws(() => store.create('alice'), /exchange\/name/);
  store.setLimits('sim/alice', { max_open_orders: 3 });
  store.setHalted('sim/alice', true);
  db.close();
  db = openDb(dir);
  t.after(() => db.close());
  const again = new AccountStore(db).require('sim/alice');
  assert.equal(again.halted, true);
  assert.deepEqual(again.limits, { max_open_orders: 3 });
  assert.throws(
    () => new AccountStore(db).require('sim/bob'),
    (e: OtsError) => e.code === 'account-not-exist',
  );
});
