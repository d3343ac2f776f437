/**
 * The pieces every client command shares: where settings come from (flag > env > profile), the
 * profile file itself, tables and number formatting, and failure hints.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OtsError } from '@ots/protocol';
import { resolveConnection, resolveCredentials } from '../src/credentials.js';
import { describeFailure, exitCodeOf } from '../src/hints.js';
import { hasCredentials, profilePath, readProfile, writeProfile } from '../src/profile.js';
import { formatNumber, formatTime, renderTable } from '../src/table.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-cli-output-'));

test('the profile is written 0600 in a 0700 directory and read back', () => {
  const path = join(dir, 'nested', 'profile.json');
  writeProfile({ url: 'http://127.0.0.1:9', account: 'sim/demo', api_key: 'k', api_secret: 's' }, path);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'nested')).mode & 0o777, 0o700);
  assert.deepEqual(readProfile(path), {
    url: 'http://127.0.0.1:9',
    account: 'sim/demo',
    api_key: 'k',
    api_secret: 's',
  });
  assert.equal(hasCredentials(readProfile(path)), true);
  assert.deepEqual(readProfile(join(dir, 'missing.json')), {});
  assert.equal(profilePath({ OTS_PROFILE: path }), path);
  assert.match(profilePath({}), /\.ots\/profile\.json$/);
});

test('a damaged profile is an error that names the file and the fix', () => {
  const path = join(dir, 'bad.json');
  writeFileSync(path, '{"url": ');
  assert.throws(() => readProfile(path), /bad\.json is not valid JSON.*ots login/);
  writeFileSync(path, '{"api_key": 5}');
  assert.throws(() => readProfile(path), /"api_key" must be a string/);
});

test('a flag beats the environment, which beats the profile, which beats the default', () => {
  const path = join(dir, 'precedence.json');
  writeProfile({ url: 'http://profile:1', account: 'sim/p', api_key: 'pk', api_secret: 'ps' }, path);
  const envAll = {
    OTS_PROFILE: path,
    OTS_URL: 'http://env:1',
    OTS_API_KEY: 'ek',
    OTS_API_SECRET: 'es',
    OTS_ACCOUNT: 'sim/e',
  };
  assert.deepEqual(resolveCredentials({ flags: {}, env: { OTS_PROFILE: path } }), {
    url: 'http://profile:1',
    account: 'sim/p',
    apiKey: 'pk',
    apiSecret: 'ps',
    profile: path,
  });
  const fromEnv = resolveCredentials({ flags: {}, env: envAll });
  assert.deepEqual(
    [fromEnv.url, fromEnv.account, fromEnv.apiKey, fromEnv.apiSecret],
    ['http://env:1', 'sim/e', 'ek', 'es'],
  );
  const fromFlags = resolveCredentials({
    flags: { url: 'http://flag:1', 'api-key': 'fk', 'api-secret': 'fs' },
    env: envAll,
    account: 'sim/f',
  });
  assert.deepEqual(
    [fromFlags.url, fromFlags.account, fromFlags.apiKey, fromFlags.apiSecret],
    ['http://flag:1', 'sim/f', 'fk', 'fs'],
  );
  assert.equal(
    resolveConnection({ flags: {}, env: { OTS_PROFILE: join(dir, 'none.json') } }).url,
    'http://127.0.0.1:8700',
  );
});

test('missing credentials say where they can come from', () => {
  const env = { OTS_PROFILE: join(dir, 'none.json') };
  assert.throws(
    () => resolveCredentials({ flags: {}, env, account: 'sim/demo' }),
    (err: OtsError) =>
      err.code === 'no-valid-authentication' &&
      /OTS_API_KEY/.test(err.message) &&
      /ots login/.test(err.message),
  );
  assert.throws(() => resolveCredentials({ flags: {}, env }), /no account given/);
});

test('tables align columns, right-align numbers and say when they are empty', () => {
  const lines = renderTable(
    [{ title: 'contract' }, { title: 'price', align: 'right' }],
    [
      ['sim/btc.usdt', '60000.5'],
      ['sim/eth.btc', '0.05'],
    ],
  );
  assert.deepEqual(lines, [
    'contract        price',
    '------------  -------',
    'sim/btc.usdt  60000.5',
    'sim/eth.btc      0.05',
  ]);
  assert.deepEqual(renderTable([{ title: 'a' }], [], '(no orders)'), ['a', '-', '(no orders)']);
});

test('numbers show without float noise or exponents; times without microseconds', () => {
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
  assert.equal(formatNumber(1e-7), '0.0000001');
  assert.equal(formatNumber(60000), '60000');
  assert.equal(formatNumber(1234.5678, 2), '1234.57');
  assert.equal(formatNumber(undefined), '-');
  assert.equal(formatTime('2026-11-25T11:14:04.898000+00:00'), '2026-11-25 11:14:04');
});

test('failures print code, message and a hint; usage errors exit 2, others 1', () => {
  const key = new OtsError('invalid-api-key', 'unknown Api-Key');
  assert.equal(
    describeFailure('info', key),
    'ots info: invalid-api-key: unknown Api-Key\n  hint: run `ots login` with a key from `ots keys create`, or check OTS_API_KEY / OTS_API_SECRET',
  );
  assert.equal(exitCodeOf(key), 1);
  const down = new OtsError(
    'sdk-network-error',
    'GET x failed: fetch failed (connect ECONNREFUSED 127.0.0.1:8700)',
    { status: 0 },
  );
  assert.match(
    describeFailure('orders', down, 'http://127.0.0.1:8700'),
    /hint: no gateway answers at http:\/\/127\.0\.0\.1:8700: start one with `ots serve`/,
  );
  assert.equal(exitCodeOf(new OtsError('invalid-param', 'bad side')), 2);
});
