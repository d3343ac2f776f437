import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientOidFilter } from '../src/trade/client-oid-filter.js';

test('the client_oid filter never forgets a pair, from the store at start and across growth', () => {
  const restored: Array<[string, string]> = [
    ['sim/alice', 'restored-1'],
    ['sim/bob', 'restored-2'],
  ];
  const filter = new ClientOidFilter(restored, restored.length);
  for (const [account, clientOid] of restored) {
    assert.equal(filter.mayHave(account, clientOid), true, 'pairs already stored are known at start');
  }
  // Far past the first layer's size, so it grows several times (without reading the store again).
  const added: Array<[string, string]> = [];
  for (let i = 0; i < 200_000; i++) {
    const pair: [string, string] = [`sim/acct-${i % 7}`, `oid-${i}`];
    added.push(pair);
    filter.add(...pair);
  }
  assert.ok(filter.layerCount > 1, 'it grew');
  for (const [account, clientOid] of [...restored, ...added]) {
    assert.equal(filter.mayHave(account, clientOid), true, `${account} ${clientOid}`);
  }
});

test('the client_oid filter says "never seen" for nearly every new pair, also after growing', () => {
  const filter = new ClientOidFilter([]);
  // Eight times the first layer: four layers, each checked for every new pair.
  for (let i = 0; i < 8 * 16_384; i++) filter.add('sim/alice', `seen-${i}`);
  assert.ok(filter.layerCount >= 3);
  let maybes = 0;
  for (let i = 0; i < 20_000; i++) if (filter.mayHave('sim/alice', `new-${i}`)) maybes++;
  // About 1% per full layer at first, each later layer half its predecessor's rate: under 2% in all.
  assert.ok(maybes < 20_000 * 0.03, `${maybes} of 20000 new pairs looked seen`);
  // The same client_oid on another account is a new pair too.
  assert.equal(filter.mayHave('sim/bob', 'seen-1') && filter.mayHave('sim/bob', 'seen-2'), false);
});

test('a store restored with many pairs starts with one layer sized for them', () => {
  const stored = Array.from({ length: 50_000 }, (_, i): [string, string] => ['sim/alice', `oid-${i}`]);
  const filter = new ClientOidFilter(stored, stored.length);
  assert.equal(filter.layerCount, 1);
  for (const [account, clientOid] of stored) assert.equal(filter.mayHave(account, clientOid), true);
});
