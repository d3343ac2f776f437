import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACTIVE_STATUSES,
  canTransition,
  END_STATUSES,
  expandStateFilter,
  Info,
  type InfoData,
  isActiveStatus,
  isEndStatus,
  isOrderStatus,
  ORDER_STATUSES,
  type OrderStatus,
} from '../src/index.ts';

// The moves an order may make: the 2018 diagram (waiting -> pending -> part-deal-pending ->
// part-deal-withdrawing -> part-deal-withdrawn; pending -> withdrawing -> withdrawn; -> dealt) plus
// what a real engine does (fills racing a cancel, waiting resolving at once, repeated partial fills).
const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  waiting: ['pending', 'part-deal-pending', 'dealt', 'withdrawn', 'error-order'],
  pending: ['part-deal-pending', 'dealt', 'withdrawing', 'withdrawn'],
  'part-deal-pending': ['part-deal-pending', 'dealt', 'part-deal-withdrawing', 'part-deal-withdrawn'],
  withdrawing: ['withdrawn', 'part-deal-withdrawing', 'dealt'],
  'part-deal-withdrawing': ['part-deal-withdrawn', 'dealt'],
  dealt: [],
  withdrawn: [],
  'part-deal-withdrawn': [],
  'error-order': [],
};

test('the nine statuses of the protocol, split into active and end', () => {
  assert.deepEqual([...ORDER_STATUSES].sort(), [
    'dealt',
    'error-order',
    'part-deal-pending',
    'part-deal-withdrawing',
    'part-deal-withdrawn',
    'pending',
    'waiting',
    'withdrawing',
    'withdrawn',
  ]);
  assert.deepEqual([...END_STATUSES].sort(), ['dealt', 'error-order', 'part-deal-withdrawn', 'withdrawn']);
  // PYSDK counts the withdrawing statuses as active.
  assert.deepEqual([...ACTIVE_STATUSES].sort(), [
    'part-deal-pending',
    'part-deal-withdrawing',
    'pending',
    'waiting',
    'withdrawing',
  ]);
  for (const status of ORDER_STATUSES) {
    assert.notEqual(isActiveStatus(status), isEndStatus(status), `${status} is either active or final`);
    assert.ok(isOrderStatus(status));
  }
  for (const bad of ['active', 'end', 'Dealt', 'part_deal_pending', 'dealed', '', 3, null]) {
    assert.ok(!isOrderStatus(bad), String(bad));
  }
});

test('every listed move is allowed and nothing else is', () => {
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      assert.equal(canTransition(from, to), ALLOWED[from].includes(to), `${from} -> ${to}`);
    }
  }
});

test('final states are final', () => {
  for (const from of END_STATUSES) {
    for (const to of ORDER_STATUSES) assert.ok(!canTransition(from, to), `${from} -> ${to}`);
  }
  // And no active status is a dead end.
  for (const from of ACTIVE_STATUSES) {
    assert.ok(
      ORDER_STATUSES.some((to) => canTransition(from, to) && isEndStatus(to)),
      `${from} reaches an end`,
    );
  }
});

test('expandStateFilter expands groups, single statuses and comma lists', () => {
  const expand = (state: string) => {
    const result = expandStateFilter(state);
    assert.ok('statuses' in result, `${state} expands`);
    return [...result.statuses].sort();
  };
  assert.deepEqual(expand('active'), [...ACTIVE_STATUSES].sort());
  assert.deepEqual(expand('activating'), [...ACTIVE_STATUSES].sort());
  assert.deepEqual(expand('end'), [...END_STATUSES].sort());
  assert.deepEqual(expand('all'), [...ORDER_STATUSES].sort());
  assert.deepEqual(expand('pending'), ['pending']);
  assert.deepEqual(expand('dealt,withdrawn'), ['dealt', 'withdrawn']);
  assert.deepEqual(expand(' end , pending '), [...END_STATUSES, 'pending'].sort());
  // Overlaps are counted once.
  assert.deepEqual(expand('end,dealt,end'), [...END_STATUSES].sort());
  assert.deepEqual(expand('active,end'), [...ORDER_STATUSES].sort());
  assert.deepEqual(expand(''), []);
  assert.deepEqual(expand(',,'), []);
});

test('expandStateFilter names the first unknown state', () => {
  assert.deepEqual(expandStateFilter('open'), { unknown: 'open' });
  assert.deepEqual(expandStateFilter('pending,Dealt,bogus'), { unknown: 'Dealt' });
  assert.deepEqual(expandStateFilter('part_deal_pending'), { unknown: 'part_deal_pending' });
});

// Names inherited from Object.prototype ('toString', 'constructor') are not groups.
test('expandStateFilter names Object.prototype names as unknown', () => {
  assert.deepEqual(expandStateFilter('toString'), { unknown: 'toString' });
  assert.deepEqual(expandStateFilter('pending,constructor'), { unknown: 'constructor' });
});

// The protocol documentation's spot account.
const SPOT: InfoData = {
  balance: 4362.166242423991,
  cash: 0.0,
  market_value: 4362.166242423991,
  market_value_detail: { btc: 0.0, usdt: 0.0, eth: 4362.166242423991 },
  position: [
    {
      total_amount: 1.0,
      contract: 'eth',
      market_value: 4362.166242423991,
      available: 0.97,
      frozen: 0.03,
      type: 'spot',
    },
    {
      total_amount: 0.0,
      contract: 'usdt',
      market_value: 0.0,
      available: 0.0,
      frozen: 0.0,
      type: 'spot',
      value_cny: 0.0,
    },
    { total_amount: 0.0, contract: 'btc', market_value: 0.0, available: 0.0, frozen: 0.0, type: 'spot' },
  ],
};

test('Info.getTotalAmount reads a position, 0 when absent', () => {
  const info = new Info(SPOT);
  assert.equal(info.getTotalAmount('eth'), 1);
  assert.equal(info.getTotalAmount('btc'), 0);
  assert.equal(info.getTotalAmount('ltc'), 0);
  assert.equal(info.getTotalAmount('binance/eth'), 0); // position keys carry no exchange prefix
  assert.equal(info.balance, 4362.166242423991);
  assert.equal(info.position.length, 3);
  assert.equal(JSON.stringify(info), JSON.stringify(SPOT));
});

test('Info reads future rows and a missing position list', () => {
  const future = new Info({
    balance: 1,
    cash: 0,
    market_value: 1,
    market_value_detail: {},
    position: [{ contract: 'btc.usd.q', total_amount: 6904.0, available: 6904.0, type: 'future' }],
  });
  assert.equal(future.getTotalAmount('btc.usd.q'), 6904);
  const withoutRows = new Info({
    balance: 0,
    cash: 0,
    market_value: 0,
    market_value_detail: {},
  } as unknown as InfoData);
  assert.equal(withoutRows.getTotalAmount('btc'), 0);
  // A row without total_amount counts as 0.
  const partial = new Info({ ...SPOT, position: [{ contract: 'eth' }] });
  assert.equal(partial.getTotalAmount('eth'), 0);
});
