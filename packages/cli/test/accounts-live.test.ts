/**
 * `ots accounts create okex/main --exchange okex`: the exchange key comes from the environment or
 * piped lines (never a flag), is stored encrypted by the gateway, and the account then trades on the
 * exchange (here the fake OKX of the gateway's test harness).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Gateway, startGateway } from '@ots/gateway';
import { FakeOkx } from '../../gateway/test/support/fake-exchange/okx.js';
import { FakeExchangeServer, harnessUrl } from '../../gateway/test/support/fake-exchange/server.js';
import { runOts } from './support/run-ots.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-cli-live-'));
const dataDir = join(dir, 'data');
const okx = new FakeOkx();
let server: FakeExchangeServer;
let gateway: Gateway;
let env: NodeJS.ProcessEnv;

before(async () => {
  server = await new FakeExchangeServer([okx]).start();
  okx.ledger.addAccount('cli-okx-key', 'cli-okx-secret', { usdt: 777 });
  gateway = await startGateway({
    dataDir,
    port: 0,
    logger: 'silent',
    config: { exchanges: ['okex'], sim: { enabled: false } },
    liveRewriteUrl: (url) => harnessUrl(server.origin, 'okx', url),
  });
  env = { PATH: process.env.PATH, HOME: dir, OTS_PROFILE: join(dir, 'profile.json'), OTS_URL: gateway.url };
});

after(async () => {
  await gateway.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the key comes from the environment; the account then trades with it', async () => {
  const run = await runOts(['accounts', 'create', 'okex/main', '--exchange', 'okex', '--data', dataDir], {
    ...env,
    OTS_EXCHANGE_API_KEY: 'cli-okx-key',
    OTS_EXCHANGE_SECRET: 'cli-okx-secret',
    OTS_EXCHANGE_PASSPHRASE: 'cli-pass',
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).account, 'okex/main');
  assert.doesNotMatch(run.stdout + run.stderr, /cli-okx-secret|cli-pass/);
  const info = await gateway.venues.get('okex')?.trading?.info('okex/main');
  assert.equal(info?.cash, 777);
});

test('piped lines give the key when the environment does not', async () => {
  okx.ledger.addAccount('piped-key', 'piped-secret', { usdt: 5 });
  const run = await runOts(
    ['accounts', 'create', 'okex/piped', '--exchange', 'okex', '--data', dataDir],
    env,
    'piped-key\npiped-secret\npiped-pass\n',
  );
  assert.equal(run.code, 0, run.stderr);
  const info = await gateway.venues.get('okex')?.trading?.info('okex/piped');
  assert.equal(info?.cash, 5);
});

test('no key anywhere, or --exchange not matching the account, is refused with what to do', async () => {
  const none = await runOts(
    ['accounts', 'create', 'okex/nokey', '--exchange', 'okex', '--data', dataDir],
    env,
  );
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /OTS_EXCHANGE_API_KEY/);
  const wrong = await runOts(['accounts', 'create', 'okex/x', '--exchange', 'gate', '--data', dataDir], env);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /does not match/);
});
