import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContractSpec, contractSpec } from '../src/index.ts';

test('contractSpec fills the original Contract defaults and builds the symbol', () => {
  const spec = contractSpec({ exchange: 'okex', name: 'btc.usdt' });
  assert.deepEqual(spec, {
    symbol: 'okex/btc.usdt',
    exchange: 'okex',
    name: 'btc.usdt',
    min_change: 0.001,
    min_amount: 1,
    unit_amount: 1,
    min_notional: 0,
    alias: '',
    category: 'XTC',
    first_day: null,
    last_day: null,
    exec_price: null,
    currency: null,
    id: null,
  } satisfies ContractSpec);
});

test('given fields win over the defaults, zeros included', () => {
  const spec = contractSpec({
    exchange: 'sim',
    name: 'eos.usdt',
    min_change: 0.01,
    min_amount: 0.1,
    unit_amount: 0.0001,
    min_notional: 5,
    alias: 'EOS/USDT',
    category: 'spot',
    first_day: '2018-01-01',
    last_day: null,
    exec_price: 0,
    currency: 'usdt',
    id: 0,
  });
  assert.equal(spec.symbol, 'sim/eos.usdt');
  assert.equal(spec.min_change, 0.01);
  assert.equal(spec.min_amount, 0.1);
  assert.equal(spec.unit_amount, 0.0001);
  assert.equal(spec.min_notional, 5);
  assert.equal(spec.alias, 'EOS/USDT');
  assert.equal(spec.category, 'spot');
  assert.equal(spec.first_day, '2018-01-01');
  assert.equal(spec.exec_price, 0);
  assert.equal(spec.currency, 'usdt');
  assert.equal(spec.id, 0);
});

test('a spec carries every key a /basic/contracts client reads', () => {
  // The original Contract.from_dict reads all of these; a missing one would fail the client.
  const readByClients = [
    'exchange',
    'name',
    'min_change',
    'alias',
    'category',
    'first_day',
    'last_day',
    'exec_price',
    'currency',
    'id',
    'min_amount',
    'unit_amount',
  ];
  const spec = contractSpec({ exchange: 'huobip', name: 'btc.usdt.q' });
  for (const key of readByClients) assert.ok(Object.hasOwn(spec, key), key);
  // A JSON round trip keeps the nulls (JSON.stringify would drop undefined values).
  assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec);
});
