import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';
import { tempDir } from './support/trade-tmp.js';

const run = promisify(execFile);
const OTS = fileURLToPath(new URL('../../cli/bin/ots.js', import.meta.url));

type Err = { code: string; message: string };

/** Runs the `ots` command as a user would, piped (so it prints JSON). */
async function ots(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [OTS, ...args], {
      env: { ...process.env, OTS_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('the admin API answers only to the admin token of the data directory', async (t) => {
  const dataDir = tempDir(t);
  const gateway = await tradeGateway(t, { dataDir });
  const path = join(dataDir, 'admin.token');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
  const token = readFileSync(path, 'utf8').trim();
  const call = (headers: Record<string, string>) => fetch(`${gateway.url}/api/v1/admin/keys`, { headers });
  const none = await call({});
  assert.equal(none.status, 401);
  assert.equal(((await none.json()) as Err).code, 'no-valid-authentication');
  const wrong = await call({ authorization: `Bearer ${'x'.repeat(token.length)}` });
  assert.equal(wrong.status, 403);
  assert.equal(((await wrong.json()) as Err).code, 'no-permission');
  const ok = await call({ authorization: `Bearer ${token}` });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), []);
});

test('ots keys and ots accounts drive a running gateway; changes are live at once', async (t) => {
  const dataDir = tempDir(t);
  const gateway = await tradeGateway(t, { dataDir });
  const common = ['--url', gateway.url, '--data', dataDir];

  const created = await ots(['accounts', 'create', 'sim/alice', '--deposit', 'usdt=100000,btc=2', ...common]);
  assert.equal(created.code, 0, created.stderr);
  const alice = JSON.parse(created.stdout) as {
    account: string;
    balances: Array<{ currency: string; available: number }>;
  };
  assert.equal(alice.account, 'sim/alice');
  assert.deepEqual(
    alice.balances.map((b) => [b.currency, b.available]),
    [
      ['btc', 2],
      ['usdt', 100000],
    ],
  );
  assert.equal((await ots(['accounts', 'create', 'sim/bob', ...common])).code, 0);

  const key = await ots(['keys', 'create', '--accounts', 'sim/alice,sim/bob', ...common]);
  assert.equal(key.code, 0, key.stderr);
  const creds = JSON.parse(key.stdout) as { api_key: string; api_secret: string; accounts: string[] };
  assert.deepEqual(Object.keys(creds).sort(), ['accounts', 'api_key', 'api_secret']);
  assert.deepEqual(creds.accounts, ['sim/alice', 'sim/bob']);
  const client = new TradeClient(gateway.url, 'sim/alice', creds);
  assert.equal((await client.get('/info')).status, 200, 'the new key works at once');

  const deposit = await ots(['accounts', 'deposit', 'sim/bob', 'usdt=50', ...common]);
  assert.equal(deposit.code, 0, deposit.stderr);
  const listed = JSON.parse((await ots(['accounts', 'list', ...common])).stdout) as Array<{
    account: string;
    balances: Array<{ currency: string; available: number }>;
  }>;
  assert.deepEqual(
    listed.map((a) => a.account),
    ['sim/alice', 'sim/bob'],
  );
  assert.equal(listed[1].balances.find((b) => b.currency === 'usdt')?.available, 50);

  const keysList = await ots(['keys', 'list', ...common]);
  assert.ok(!keysList.stdout.includes(creds.api_secret), 'secrets are never listed');
  assert.equal((JSON.parse(keysList.stdout) as unknown[]).length, 1);

  const limits = await ots(['accounts', 'limits', 'sim/alice', '--max-order-amount', '1', ...common]);
  assert.equal(limits.code, 0, limits.stderr);
  const big = await client.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 2 });
  assert.equal((big.body as unknown as Err).code, 'risk-max-amount');

  assert.equal((await client.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 })).status, 200);
  const halted = await ots(['accounts', 'halt', 'sim/alice', ...common]);
  assert.equal(halted.code, 0, halted.stderr);
  assert.equal((JSON.parse(halted.stdout) as { cancelled: number }).cancelled, 1);
  const refused = await client.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 });
  assert.equal((refused.body as unknown as Err).code, 'account-halted');
  assert.equal((await ots(['accounts', 'resume', 'sim/alice', ...common])).code, 0);
  assert.equal((await client.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 })).status, 200);

  const revoked = await ots(['keys', 'revoke', creds.api_key, ...common]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal((await client.get('/info')).status, 401, 'a revoked key fails at once');

  const badData = await ots(['keys', 'list', '--url', gateway.url, '--data', join(dataDir, 'nowhere')]);
  assert.notEqual(badData.code, 0);
  assert.match(badData.stderr, /admin token/);
  const unknownAccount = await ots(['keys', 'create', '--accounts', 'sim/nobody', ...common]);
  assert.notEqual(unknownAccount.code, 0);
  assert.match(unknownAccount.stderr, /account-not-exist/);
});
