import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CATALOGUE, normaliseErrorCode, OtsError, statusOf } from '../src/index.ts';

test('every protocol code has the documented HTTP status', () => {
  assert.equal(statusOf('invalid-param'), 400);
  assert.equal(statusOf('no-valid-authentication'), 401);
  assert.equal(statusOf('invalid-api-key'), 401);
  assert.equal(statusOf('no-permission'), 403);
  assert.equal(statusOf('contract-not-exist'), 404);
  assert.equal(statusOf('client_oid-not-found'), 404);
  assert.equal(statusOf('exchange_oid-not-found'), 404);
  assert.equal(statusOf('client_oid-already-existed'), 409);
  assert.equal(statusOf('exg-rate-limit-exceeded'), 429);
  assert.equal(statusOf('partial-success'), 400);
  assert.ok(statusOf('unexpected-error') >= 500);
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    assert.ok(entry.meaning.length > 0, `${code} has a meaning`);
  }
});

test('2018 exchange codes are read and written with the exg- prefix', () => {
  assert.equal(normaliseErrorCode('place-order-no-money'), 'exg-place-order-no-money');
  assert.equal(normaliseErrorCode('rate-limit-exceeded'), 'exg-rate-limit-exceeded');
  assert.equal(normaliseErrorCode('undefined-exg-error'), 'exg-undefined-error');
  assert.equal(normaliseErrorCode('invalid-param'), 'invalid-param');
  const err = OtsError.fromBody({ code: 'place-order-no-money', message: 'no usdt' }, 400);
  assert.equal(err.code, 'exg-place-order-no-money');
  assert.equal(err.status, 400);
  assert.equal(err.message, 'no usdt');
});

test('OtsError carries code, status, message and data, and serialises to the wire body', () => {
  const data = { success: [{ exchange_oid: 'a', client_oid: 'b' }], error: [] };
  const err = new OtsError('partial-success', 'some failed', { data });
  assert.equal(err.status, 400);
  assert.deepEqual(JSON.parse(JSON.stringify(err)), {
    code: 'partial-success',
    message: 'some failed',
    data,
  });
  assert.ok(err instanceof Error);
  assert.equal(new OtsError('contract-not-exist').message, 'no such contract');
  assert.equal(OtsError.fromBody('garbage', 502).code, 'unexpected-error');
});
