import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';
import { tempDir } from './support/trade-tmp.js';

test('WAL checkpoints happen in the worker, not inside request commits', { timeout: 60_000 }, async (t) => {
  const dataDir = tempDir(t);
  const gateway = await tradeGateway(t, { dataDir, trade: { checkpointMs: 20 } });
  assert.equal(gateway.db.pragma('wal_autocheckpoint', { simple: true }), 0, 'commits never checkpoint');
  gateway.admin.createAccount('sim/alice', { usdt: 1_000_000 });
  const alice = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'], rateLimit: { ratePerSecond: 0, burst: 0 } }),
  );
  const file = join(dataDir, 'ots.sqlite');
  const before = statSync(file).size;
  for (let i = 0; i < 300; i++) {
    assert.equal(
      (await alice.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 })).status,
      200,
    );
  }
  // The orders reach the database file only through a checkpoint: wait for the worker's.
  while (statSync(file).size <= before) await sleep(20);
  assert.ok(statSync(file).size > before);
});
