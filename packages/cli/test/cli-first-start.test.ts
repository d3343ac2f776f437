/**
 * First start: `ots serve` on a new data directory makes the funded demo account and writes its key
 * to the profile, so the README's commands work in a second terminal with no secret typed; the
 * secret never reaches a log, and a user's own profile is never overwritten.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startGateway } from '@ots/gateway';
import { DEMO_ACCOUNT, firstStart } from '../src/first-start.js';
import { readProfile } from '../src/profile.js';
import { cleanEnv } from './support/cli-gateway.js';
import { OtsChild } from './support/ots-child.js';
import { runOts } from './support/run-ots.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-first-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('ots serve on a new data directory: demo account, key in a 0600 profile, no secret in the log', async () => {
  const profile = join(dir, 'serve-profile.json');
  const env = cleanEnv({ OTS_PROFILE: profile });
  const serve = new OtsChild(['serve', '--port', '0', '--data', join(dir, 'serve-data')], env);
  try {
    await serve.until(() => serve.lines.some((l) => l.includes('demo account key written')), 'the demo key');
    const written = readProfile(profile);
    assert.equal(statSync(profile).mode & 0o777, 0o600);
    assert.equal(written.account, DEMO_ACCOUNT);
    assert.match(written.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(written.api_key && written.api_secret);

    // A second terminal: only the profile, nothing typed.
    const orders = await runOts(['orders', DEMO_ACCOUNT], env);
    assert.equal(orders.code, 0, orders.stderr);
    assert.deepEqual(JSON.parse(orders.stdout), []);
    const info = JSON.parse((await runOts(['info'], env)).stdout);
    const amounts = Object.fromEntries(
      info.position.map((p: { contract: string; total_amount: number }) => [p.contract, p.total_amount]),
    );
    assert.deepEqual(amounts, { btc: 2, eth: 20, usdt: 100000 });

    const log = serve.lines.join('\n') + serve.stderr;
    assert.ok(!log.includes(written.api_secret as string), 'the secret is not in the log');
  } finally {
    serve.process.kill('SIGTERM');
    await serve.exited;
  }
});

async function gatewayOn(data: string) {
  return startGateway({ port: 0, dataDir: join(dir, data), logger: 'silent' });
}

test('a restart keeps the key; nothing new is created; the demo profile follows a new port', async () => {
  const env = { OTS_PROFILE: join(dir, 'restart.json') };
  let gateway = await gatewayOn('restart');
  const first = firstStart(gateway, { tty: false, env });
  assert.deepEqual([first.createdAccount, first.wroteProfile], [true, true]);
  const before = readProfile(env.OTS_PROFILE);
  await gateway.close();
  gateway = await gatewayOn('restart');
  try {
    const second = firstStart(gateway, { tty: false, env });
    assert.equal(second.createdAccount, false);
    const now = readProfile(env.OTS_PROFILE);
    assert.deepEqual({ ...now, url: before.url }, before, 'same key, secret and account');
    assert.equal(now.url, gateway.url, 'port 0 gave another port: the profile points at it');
    assert.equal(gateway.admin.listKeys().length, 1);
    const third = firstStart(gateway, { tty: false, env });
    assert.equal(third.wroteProfile, false, 'nothing to change');
  } finally {
    await gateway.close();
  }
});

test("a user's own credentials are never overwritten", async () => {
  const env = { OTS_PROFILE: join(dir, 'user.json') };
  const mine = '{"url":"http://10.0.0.5:8700","account":"sim/desk","api_key":"k","api_secret":"s"}\n';
  writeFileSync(env.OTS_PROFILE, mine, { mode: 0o600 });
  const gateway = await gatewayOn('user');
  try {
    const result = firstStart(gateway, { tty: false, env });
    assert.equal(result.createdAccount, true, 'the demo account is still there to use');
    assert.equal(result.wroteProfile, false);
    assert.equal(readFileSync(env.OTS_PROFILE, 'utf8'), mine);
  } finally {
    await gateway.close();
  }
});

test('a demo key the gateway no longer knows (data directory deleted) is replaced', async () => {
  const env = { OTS_PROFILE: join(dir, 'wiped.json') };
  let gateway = await gatewayOn('wiped');
  firstStart(gateway, { tty: false, env });
  const oldKey = readProfile(env.OTS_PROFILE).api_key;
  await gateway.close();
  rmSync(join(dir, 'wiped'), { recursive: true });
  gateway = await gatewayOn('wiped');
  try {
    const result = firstStart(gateway, { tty: false, env });
    assert.deepEqual([result.createdAccount, result.wroteProfile], [true, true]);
    const newKey = readProfile(env.OTS_PROFILE).api_key;
    assert.notEqual(newKey, oldKey);
    assert.deepEqual(
      gateway.admin.listKeys().map((k) => k.api_key),
      [newKey],
    );
  } finally {
    await gateway.close();
  }
});

test('on a terminal it says where the profile is, never the secret; OTS_DEMO=off skips it all', async () => {
  const env = { OTS_PROFILE: join(dir, 'tty.json') };
  const gateway = await gatewayOn('tty');
  try {
    let printed = '';
    firstStart(gateway, {
      tty: true,
      env,
      out: {
        write: (s: string) => {
          printed += s;
          return true;
        },
      } as NodeJS.WritableStream,
    });
    assert.match(printed, /demo account sim\/demo funded with 100000 usdt, 2 btc, 20 eth/);
    assert.ok(printed.includes(env.OTS_PROFILE));
    assert.match(printed, /npx ots order place sim\/demo sim\/btc\.usdt b 30000 0\.01/);
    assert.ok(!printed.includes(readProfile(env.OTS_PROFILE).api_secret as string));
  } finally {
    await gateway.close();
  }
  const off = await gatewayOn('off');
  try {
    const result = firstStart(off, {
      tty: false,
      env: { OTS_PROFILE: join(dir, 'off.json'), OTS_DEMO: 'off' },
    });
    assert.equal(result.skipped, 'OTS_DEMO=off');
    assert.deepEqual(off.admin.listAccounts(), []);
    // A gateway a test starts without naming a profile leaves the real ~/.ots alone.
    const unnamed = firstStart(off, { tty: false, env: { NODE_TEST_CONTEXT: 'child-v8' } });
    assert.equal(unnamed.skipped, 'a test run without OTS_PROFILE');
    assert.equal(unnamed.wroteProfile, false);
  } finally {
    await off.close();
  }
});
