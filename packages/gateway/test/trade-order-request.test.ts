import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError } from '@ots/protocol';
import {
  decodeAmendBody,
  decodePlaceBody,
  limitParam,
  listParam,
  orderIdsParam,
  stateParam,
} from '../src/trade/order-request.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof OtsError, String(err));
    return err.code;
  }
  return undefined;
};

test('a place body of any client generation decodes to the same order', () => {
  const modern = decodePlaceBody(
    {
      contract: 'sim/btc.usdt',
      price: 10,
      bs: 'b',
      amount: 1,
      client_oid: 'sim/btc.usdt-abc123',
      tags: { a: '1' },
      options: { close: true },
    },
    'sim',
  );
  const old = decodePlaceBody(
    {
      contract: 'sim/btc.usdt',
      price: 10,
      bs: 'b',
      amount: 1,
      client_oid: 'sim/btc.usdt-abc123',
      tags: 'a:1',
      options: '{"close": true}',
    },
    'sim',
  );
  assert.deepEqual(old, modern);
  assert.deepEqual(modern.tags, { a: '1' });
  assert.deepEqual(modern.options, { close: true });
});

test('a missing client_oid is generated from the contract', () => {
  const order = decodePlaceBody({ contract: 'sim/btc.usdt', price: 10, bs: 's', amount: 0.5 }, 'sim');
  assert.match(order.client_oid, /^sim\/btc\.usdt-\d{14}[A-Za-z][A-Za-z0-9]{13}$/);
  assert.deepEqual(order.tags, {});
  assert.deepEqual(order.options, {});
});

test('malformed bodies are refused with invalid-param and a message naming the field', () => {
  const base = { contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 };
  assert.equal(
    codeOf(() => decodePlaceBody([], 'sim')),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodePlaceBody({ ...base, price: '10' }, 'sim')),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodePlaceBody({ ...base, amount: -1 }, 'sim')),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodePlaceBody({ ...base, bs: 'buy' }, 'sim')),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodePlaceBody({ ...base, client_oid: 'has space' }, 'sim')),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodePlaceBody({ ...base, contract: undefined }, 'sim')),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodePlaceBody({ ...base, contract: 'okex/btc.usdt' }, 'sim')),
    'contract-not-exist',
  );
  assert.throws(
    () => decodePlaceBody({ ...base, price: null }, 'sim'),
    /price null is not a positive number/,
  );
  assert.throws(() => decodePlaceBody({ ...base, amount: undefined }, 'sim'), /amount is missing/);
});

test('amend bodies carry price, amount or both', () => {
  assert.deepEqual(decodeAmendBody({ price: 11, amount: 2 }), { price: 11, amount: 2 });
  assert.deepEqual(decodeAmendBody({ price: 11 }), { price: 11 });
  assert.equal(
    codeOf(() => decodeAmendBody({})),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => decodeAmendBody({ price: 0 })),
    'invalid-param',
  );
});

test('queries: comma batches, state groups, page sizes; unknown parameters are simply not read', () => {
  assert.deepEqual(listParam({ client_oid: 'a,b,,a' }, 'client_oid'), ['a', 'b']);
  assert.deepEqual(orderIdsParam({ exchange_oid: 'x', source: 'csharp' }), {
    client_oids: undefined,
    exchange_oids: ['x'],
  });
  assert.deepEqual(stateParam({ state: 'end' }), [
    'dealt',
    'withdrawn',
    'part-deal-withdrawn',
    'error-order',
  ]);
  assert.equal(stateParam({}), undefined);
  assert.equal(
    codeOf(() => stateParam({ state: 'finished' })),
    'invalid-param',
  );
  assert.equal(limitParam({ limit: '50' }), 50);
  assert.equal(limitParam({}, 100), 100);
  assert.equal(
    codeOf(() => limitParam({ limit: '0' })),
    'invalid-param',
  );
  assert.equal(
    codeOf(() => limitParam({ limit: '5000' })),
    'invalid-param',
  );
});
