import assert from 'node:assert/strict';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { startCheckpointer } from '../src/trade/checkpointer.js';
import { TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';
import { openDb, tempDir } from './support/trade-tmp.js';

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

/** The WAL header's checkpoint sequence number: it rises each time the WAL starts over. */
function walRestarts(walFile: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(walFile, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}

test('under writes that never pause, the WAL still starts over (its file does not grow without end)', {
  timeout: 60_000,
}, async (t) => {
  const dir = tempDir(t);
  const db = openDb(dir);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  // A WAL of 64 pages is long enough to need the writer's help.
  const checkpointer = startCheckpointer(db, 20, pino({ level: 'silent' }), { catchUpPages: 64 });
  t.after(async () => {
    await checkpointer.stop();
    db.close();
  });
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const commit = db.transaction(() => {
    for (let i = 0; i < 20; i++) insert.run('x'.repeat(300));
  });
  const wal = join(dir, 'ots.sqlite-wal');
  commit();
  const first = walRestarts(wal);
  // A commit every turn, as a busy gateway makes them: without the writer's help the WAL would
  // only grow (each checkpoint leaves the frames written while it ran).
  let commits = 0;
  while (walRestarts(wal) < first + 3) {
    commit();
    commits++;
    assert.ok(commits < 200_000, 'the WAL never started over');
    await new Promise((resolve) => setImmediate(resolve));
  }
});
