import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientOidFilter } from '../src/trade/client-oid-filter.js';

test('the client_oid filter never forgets a pair, across growth and rebuilds from the store', () => {
  // The "store": what the filter rebuilds from, as the trade store's rows would give it.
  const stored: Array<[string, string]> = [['sim/alice', 'restored-1']];
  const filter = new ClientOidFilter(() => stored);
  assert.equal(filter.mayHave('sim/alice', 'restored-1'), true, 'pairs already stored are known at start');
  // Far past the initial size, so it grows (and rebuilds from the store) several times.
  for (let i = 0; i < 100_000; i++) {
    const pair: [string, string] = [`sim/acct-${i % 7}`, `oid-${i}`];
    stored.push(pair);
    filter.add(...pair);
  }
  for (const [account, clientOid] of stored) assert.equal(filter.mayHave(account, clientOid), true);
});

test('the client_oid filter says "never seen" for nearly every new pair', () => {
  const stored: Array<[string, string]> = [];
  const filter = new ClientOidFilter(() => stored);
  for (let i = 0; i < 20_000; i++) {
    stored.push(['sim/alice', `seen-${i}`]);
    filter.add('sim/alice', `seen-${i}`);
  }
  let maybes = 0;
  for (let i = 0; i < 20_000; i++) if (filter.mayHave('sim/alice', `new-${i}`)) maybes++;
  // Sized for about 1% false positives; the same client_oid on another account is a new pair too.
  assert.ok(maybes < 20_000 * 0.05, `${maybes} of 20000 new pairs looked seen`);
  assert.equal(filter.mayHave('sim/bob', 'seen-1') && filter.mayHave('sim/bob', 'seen-2'), false);
});
