import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MarketHistory, openDatabase, startGateway } from '@ots/gateway';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'ots-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the data directory and its SQLite store (WAL) are created on first start', async (t) => {
  const dataDir = join(tempDir(t), 'fresh', 'data');
  const gateway = await startGateway({ port: 0, dataDir, logger: 'silent' });
  await gateway.close();
  assert.ok(existsSync(join(dataDir, 'ots.sqlite')));
  const db = openDatabase(dataDir);
  t.after(() => db.close());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
});

test('trades stay across a restart, and retention deletes trades and candles past their age', (t) => {
  const dataDir = tempDir(t);
  const hourUs = 3_600_000_000;
  const nowUs = Date.UTC(2026, 0, 10) * 1000;
  const trade = (ageHours: number) => ({
    contract: 'sim/btc.usdt',
    timeUs: nowUs - ageHours * hourUs,
    exchangeTimeUs: null,
    price: 100,
    amount: 1,
    bs: 'b' as const,
    turnoverCny: 100,
  });
  const first = openDatabase(dataDir);
  const history = new MarketHistory(first);
  history.add([trade(24 * 40), trade(30), trade(1)]);
  history.flush();
  first.close();

  const db = openDatabase(dataDir);
  t.after(() => db.close());
  const reopened = new MarketHistory(db);
  assert.equal(reopened.zhubi({ contract: 'sim/btc.usdt', size: 10 }).length, 3);
  reopened.prune(nowUs, { tradesHours: 24, candlesDays: 30 });
  assert.deepEqual(
    reopened.zhubi({ contract: 'sim/btc.usdt', size: 10 }).map((r) => (nowUs - r.timeUs) / hourUs),
    [1],
  );
  const candles = reopened.candlesOf('sim/btc.usdt', 60, 0, nowUs / 1e6, 100);
  assert.equal(candles.length, 2, 'the 40-day-old minute is gone, the 30-hour-old one stays');
});
