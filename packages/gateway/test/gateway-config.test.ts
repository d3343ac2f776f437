import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG, resolveConfig, resolveServeSettings } from '@ots/gateway';
import type { OtsError } from '@ots/protocol';

function configFile(t: { after(fn: () => void): void }, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ots-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'ots.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('serve settings: defaults are 127.0.0.1:8700 and ./data', () => {
  assert.deepEqual(resolveServeSettings({}, {}), {
    host: '127.0.0.1',
    port: 8700,
    dataDir: './data',
    config: {},
  });
});

test('serve settings: flag beats env beats config file beats default, key by key', (t) => {
  const file = configFile(t, {
    host: '0.0.0.0',
    port: 9000,
    dataDir: '/srv/file',
    timers: { heartbeatTimeoutMs: 5000 },
  });
  const env = { OTS_PORT: '9100', OTS_DATA_DIR: '/srv/env' };
  const settings = resolveServeSettings({ config: file, data: '/srv/flag' }, env);
  assert.equal(settings.host, '0.0.0.0', 'from the file');
  assert.equal(settings.port, 9100, 'env over file');
  assert.equal(settings.dataDir, '/srv/flag', 'flag over env');
  assert.deepEqual(settings.config, { timers: { heartbeatTimeoutMs: 5000 } });
  assert.equal(resolveServeSettings({ port: '0' }, env).port, 0, 'flag over env');
});

test('serve settings: bad input names the key and what was expected', (t) => {
  assert.throws(
    () => resolveServeSettings({ port: 'http' }, {}),
    (e: OtsError) => e.code === 'invalid-param' && /port/.test(e.message),
  );
  assert.throws(() => resolveServeSettings({}, { OTS_PORT: '70000' }), /0\.\.65535/);
  assert.throws(() => resolveServeSettings({ config: configFile(t, '{ not json') }, {}), /not JSON/);
  assert.throws(() => resolveServeSettings({ config: '/nonexistent/ots.json' }, {}), /nonexistent/);
});

test('gateway config: defaults, partial sections merged, every bad value refused with its key', () => {
  const config = resolveConfig({ timers: { heartbeatTimeoutMs: 100 }, corsOrigins: ['http://a.example'] });
  assert.equal(config.timers.heartbeatTimeoutMs, 100);
  assert.equal(config.timers.tickV3SnapshotMs, DEFAULT_CONFIG.timers.tickV3SnapshotMs);
  assert.equal(config.limits.maxContractsPerConnection, 50);
  assert.equal(config.valuation.currency, 'usdt');
  assert.equal(config.valuation.cnyRate, 1);
  assert.deepEqual(config.corsOrigins, ['http://a.example']);
  assert.deepEqual(resolveConfig().corsOrigins, [], 'no CORS origin by default');
  const bad: [unknown, RegExp][] = [
    [{ timers: { heartbeatTimeoutMs: -1 } }, /timers\.heartbeatTimeoutMs/],
    [{ timers: { heartbeatTimeoutMs: '30s' } }, /timers\.heartbeatTimeoutMs: expected a number/],
    [{ limits: { maxContractsPerConnecton: 5 } }, /limits\.maxContractsPerConnecton/],
    [{ timer: {} }, /timer: expected one of/],
    [{ valuation: { cnyRate: 0 } }, /valuation\.cnyRate/],
    [{ corsOrigins: 'http://a.example' }, /corsOrigins/],
  ];
  for (const [input, message] of bad) {
    assert.throws(() => resolveConfig(input as never), message);
  }
});
