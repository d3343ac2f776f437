/**
 * `ots info | orders | order | trans | login` as a user runs them: the real command in a child
 * process against a real gateway. Piped, so every answer is JSON.
 */
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CliGateway, startCliGateway } from './support/cli-gateway.js';
import { runOts } from './support/run-ots.js';

let g: CliGateway;
let env: NodeJS.ProcessEnv;

before(async () => {
  g = await startCliGateway();
  env = g.env({ OTS_URL: g.gateway.url, OTS_API_KEY: g.apiKey, OTS_API_SECRET: g.apiSecret });
});
after(() => g.close());

test('place an order that rests, see it in orders, cancel it, and it is gone', async () => {
  const placed = await runOts(['order', 'place', g.account, 'sim/btc.usdt', 'b', '30000', '0.01'], env);
  assert.equal(placed.code, 0, placed.stderr);
  const { client_oid, exchange_oid } = JSON.parse(placed.stdout);
  assert.match(client_oid, /^sim\/btc\.usdt-/);

  const open = await runOts(['orders', g.account], env);
  assert.equal(open.code, 0, open.stderr);
  const order = JSON.parse(open.stdout).find((o: { client_oid: string }) => o.client_oid === client_oid);
  assert.equal(order.exchange_oid, exchange_oid);
  assert.equal(order.entrust_price, 30000);
  assert.equal(order.status, 'pending');

  const cancelled = await runOts(['order', 'cancel', g.account, client_oid], env);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  const after = await runOts(['orders', g.account, '--state', 'all'], env);
  const final = JSON.parse(after.stdout).find((o: { client_oid: string }) => o.client_oid === client_oid);
  assert.equal(final.status, 'withdrawn');
});

test('a buy above the market fills: trans lists the fill and info shows the new balance', async () => {
  const placed = await runOts(['order', 'place', g.account, 'sim/btc.usdt', 'buy', '90000', '0.01'], env);
  assert.equal(placed.code, 0, placed.stderr);
  const { client_oid } = JSON.parse(placed.stdout);
  const fills = JSON.parse((await runOts(['trans', g.account, '--contract', 'sim/btc.usdt'], env)).stdout);
  const mine = fills.filter((f: { client_oid: string }) => f.client_oid === client_oid);
  assert.ok(mine.length > 0, 'the order has fills');
  assert.equal(
    mine.reduce((sum: number, f: { dealt_amount: number }) => sum + f.dealt_amount, 0).toFixed(4),
    '0.0100',
  );
  const info = JSON.parse((await runOts(['info', g.account], env)).stdout);
  const btc = info.position.find((p: { contract: string }) => p.contract === 'btc');
  assert.equal(btc.total_amount.toFixed(4), '2.0100', '2 btc + 0.01 bought - a taker fee of 0.00001 btc');
});

test('amend and cancel-all work on resting orders', async () => {
  const placed = JSON.parse(
    (await runOts(['order', 'place', g.account, 'sim/btc.usdt', 's', '200000', '0.02'], env)).stdout,
  );
  const amended = await runOts(
    ['order', 'amend', g.account, placed.exchange_oid, '210000', '0.03', '--exchange-oid'],
    env,
  );
  assert.equal(amended.code, 0, amended.stderr);
  const [order] = JSON.parse((await runOts(['orders', g.account, '--contract', 'sim/btc.usdt'], env)).stdout);
  assert.equal(order.entrust_price, 210000);
  assert.equal(order.entrust_amount, 0.03);
  const all = await runOts(['order', 'cancel-all', g.account], env);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(JSON.parse((await runOts(['orders', g.account], env)).stdout), []);
});

test('ots login (piped) writes a 0600 profile that later commands use with no secret typed', async () => {
  const profileEnv = g.env();
  const login = await runOts(
    ['login', '--url', g.gateway.url, '--account', g.account],
    profileEnv,
    `${g.apiKey}\n${g.apiSecret}\n`,
  );
  assert.equal(login.code, 0, login.stderr);
  assert.doesNotMatch(login.stderr + login.stdout, new RegExp(g.apiSecret), 'the secret is never echoed');
  const profile = profileEnv.OTS_PROFILE as string;
  assert.equal(statSync(profile).mode & 0o777, 0o600);
  const info = await runOts(['info'], profileEnv);
  assert.equal(info.code, 0, info.stderr);
  assert.equal(typeof JSON.parse(info.stdout).balance, 'number');

  // The environment beats the profile, and a flag beats the environment.
  const badEnv = { ...profileEnv, OTS_API_KEY: 'not-a-key' };
  const refused = await runOts(['info'], badEnv);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /invalid-api-key/);
  assert.match(refused.stderr, /hint: run `ots login`/);
  const flagged = await runOts(['info', '--api-key', g.apiKey], badEnv);
  assert.equal(flagged.code, 0, flagged.stderr);
});

test('ots login refuses a wrong secret and leaves the profile alone', async () => {
  const profileEnv = g.env({ OTS_PROFILE: join(g.dir, 'other-profile.json') });
  writeFileSync(profileEnv.OTS_PROFILE as string, '{"url": "http://127.0.0.1:1"}\n', { mode: 0o600 });
  const login = await runOts(
    ['login', '--url', g.gateway.url, '--account', g.account],
    profileEnv,
    `${g.apiKey}\nwrong\n`,
  );
  assert.equal(login.code, 1);
  assert.match(login.stderr, /invalid-api-key/);
  const info = await runOts(['info', g.account], profileEnv);
  assert.match(info.stderr, /no-valid-authentication/, 'nothing was saved');
});

test('errors print the code and a hint and exit non-zero', async () => {
  const down = await runOts(['orders', g.account], { ...env, OTS_URL: 'http://127.0.0.1:1' });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /sdk-network-error/);
  assert.match(
    down.stderr,
    /hint: no gateway answers at http:\/\/127\.0\.0\.1:1: start one with `ots serve`/,
  );

  const side = await runOts(['order', 'place', g.account, 'sim/btc.usdt', 'x', '30000', '0.01'], env);
  assert.equal(side.code, 2);
  assert.match(side.stderr, /invalid-param: side "x" is not b \(buy\) or s \(sell\)/);

  const contract = await runOts(['order', 'place', g.account, 'sim/nope.usdt', 'b', '1', '1'], env);
  assert.notEqual(contract.code, 0);
  assert.match(contract.stderr, /contract-not-exist/);
});
