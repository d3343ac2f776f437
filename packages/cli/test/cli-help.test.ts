/**
 * `ots --help` names every command, each command's `--help` explains its flags, `ots --version`
 * prints the version: what a newcomer types first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { INFO_HELP } from '../src/commands/info.js';
import { LOGIN_HELP } from '../src/commands/login.js';
import { ORDER_HELP } from '../src/commands/order.js';
import { ORDERS_HELP } from '../src/commands/orders.js';
import { QUOTE_HELP } from '../src/commands/quote.js';
import { TRANS_HELP } from '../src/commands/trans.js';
import { cleanEnv } from './support/cli-gateway.js';
import { runOts } from './support/run-ots.js';

const env = cleanEnv({ OTS_PROFILE: '/nonexistent/ots-profile.json' });
const MINE = ['quote', 'info', 'orders', 'order', 'trans', 'login'];

test('ots --help lists every command with a summary', async () => {
  const run = await runOts(['--help'], env);
  assert.equal(run.code, 0);
  for (const name of ['serve', 'keys', 'accounts', ...MINE])
    assert.match(run.stdout, new RegExp(`^  ${name} +\\S`, 'm'));
});

test('ots --version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const run = await runOts(['--version'], env);
  assert.equal(run.stdout.trim(), `ots ${version}`);
});

const HELPS: Record<string, string> = {
  quote: QUOTE_HELP,
  info: INFO_HELP,
  orders: ORDERS_HELP,
  order: ORDER_HELP,
  trans: TRANS_HELP,
  login: LOGIN_HELP,
};

test("ots <command> --help prints that command's help", async () => {
  const run = await runOts(['quote', '--help'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${QUOTE_HELP}\n`);
});

for (const name of MINE) {
  test(`ots ${name} --help shows its usage, flags and examples`, () => {
    const help = HELPS[name];
    assert.match(help, new RegExp(`Usage:[\\s\\S]*ots ${name}`));
    assert.match(help, /Flags:\n {2}--/);
    assert.match(help, /--help +show this help/);
    assert.match(help, new RegExp(`Examples:\\n {2}ots ${name}`));
  });
}

test('an unknown flag is refused with the flags that exist', async () => {
  const run = await runOts(['orders', '--stat', 'all'], env);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /ots orders: invalid-param: unknown flag --stat; expected one of --state, --contract/,
  );
});
