import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from 'better-sqlite3';
import { KeyStore } from '../src/auth/key-store.js';
import { tradeStack } from './support/trade-stack.js';
import { openDb, tempDir } from './support/trade-tmp.js';

const MASTER = Buffer.alloc(32, 7);
const rowsOf = (db: Database, apiKey: string) =>
  db.prepare('SELECT count(*) FROM api_nonces WHERE api_key = ?').pluck().get(apiKey) as number;

/** A small deterministic generator (mulberry32), so a failure replays the same way. */
function generator(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = Math.imul(state ^ (state >>> 15), state | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) % below;
  };
}

/** The window a key must have: the largest `size` nonces it ever accepted. */
const largest = (accepted: Set<bigint>, size: number) =>
  [...accepted].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(-size);

test('over many commits of any size the table stays bounded and every restart brings back the exact windows', (t) => {
  const dir = tempDir(t);
  const WINDOW = 50;
  let db = openDb(dir);
  t.after(() => db.close());
  let store = new KeyStore(db, MASTER, WINDOW);
  // One key's nonces beyond 2^53, the other's .NET ticks: compared and stored exactly.
  const bases = [2n ** 53n + 1000n, 638362368000000000n];
  const apiKeys = bases.map((_, i) => store.create({ accounts: [`sim/user${i}`] }).api_key);
  const accepted = apiKeys.map(() => new Set<bigint>());
  const sent = apiKeys.map(() => 0);
  const random = generator(20261125);

  for (let commit = 0; commit < 600; commit++) {
    // Mostly a few nonces per key, sometimes more than the window holds.
    const count = random(10) === 0 ? 1 + random(3 * WINDOW) : 1 + random(40);
    for (let i = 0; i < count; i++) {
      const k = random(2);
      // Sent in order but arriving up to ~40 places apart, with some replays and stale ones refused.
      const nonce = bases[k] + BigInt(sent[k]++ * 10 + random(800));
      if (store.acceptNonce(store.get(apiKeys[k])!, nonce)) accepted[k].add(nonce);
    }
    store.flushNonces();
    for (const apiKey of apiKeys) assert.ok(rowsOf(db, apiKey) <= WINDOW + 1, `commit ${commit}: bounded`);
    if (commit % 150 === 149) {
      db.close();
      db = openDb(dir);
      store = new KeyStore(db, MASTER, WINDOW);
      apiKeys.forEach((apiKey, k) => {
        assert.deepEqual(
          store.get(apiKey)?.window.values(),
          largest(accepted[k], WINDOW),
          `restart ${commit}`,
        );
      });
    }
  }
  assert.ok(
    accepted.every((set) => set.size > 20 * WINDOW),
    'the windows were filled many times over',
  );
});

test('with the commit thread, batches in flight take rows over in order and a restart brings back the windows', async (t) => {
  const dir = tempDir(t);
  const db = openDb(dir);
  const { keys, auth } = tradeStack(db, undefined, { commitThread: t });
  t.after(() => db.close());
  const apiKeys = [keys.create({ accounts: ['sim/alice'] }), keys.create({ accounts: ['sim/bob'] })].map(
    (k) => k.api_key,
  );
  const random = generator(7);
  let nonce = 1_000_000n;
  const commits: Array<Promise<void> | undefined> = [];
  for (let round = 0; round < 400; round++) {
    for (let i = 1 + random(24); i > 0; i--) {
      // Two places out of order now and then.
      const value = random(4) === 0 ? nonce + 1n : nonce;
      assert.equal(keys.acceptNonce(keys.get(apiKeys[random(2)])!, value), true);
      if (value === nonce) nonce += 1n;
      else {
        assert.equal(keys.acceptNonce(keys.get(apiKeys[random(2)])!, nonce), true);
        nonce += 2n;
      }
    }
    // Several commits in flight at once: each takes over rows the ones before it left dead.
    commits.push(auth.flushNonces());
    if (round % 8 === 7) await Promise.all(commits.splice(0));
  }
  await Promise.all(commits);
  assert.equal(keys.get(apiKeys[0])?.window.size, 1000, 'the window filled and moved on');

  const second = openDb(dir);
  t.after(() => second.close());
  const restarted = new KeyStore(second, Buffer.alloc(32, 9));
  for (const apiKey of apiKeys) {
    assert.deepEqual(restarted.get(apiKey)?.window.values(), keys.get(apiKey)?.window.values());
    assert.ok(rowsOf(db, apiKey) <= 1000 + 1);
  }
});
