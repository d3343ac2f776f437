import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ots.js', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

test('ots serve (not a terminal): JSON logs, the gateway answers, SIGTERM shuts it down cleanly', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-cli-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  // The env names the data directory; the flag's port (0) beats OTS_PORT.
  const child = run(['serve', '--port', '0'], { OTS_DATA_DIR: dataDir, OTS_PORT: '1' });
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Every log line, and the URL once the gateway listens.
  const logs: { msg: string; url?: string; dataDir?: string }[] = [];
  const listening = new Promise<{ url: string; dataDir: string }>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line);
      logs.push(entry);
      if (entry.msg === 'gateway listening') resolve(entry);
    });
  });
  const entry = await listening;
  assert.equal(entry.dataDir, dataDir);
  const url = entry.url;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const tick = await (await fetch(`${url}/api/v1/quote/single-tick/sim/btc.usdt`)).json();
  assert.equal(tick.contract, 'sim/btc.usdt');

  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(logs.some((l) => l.msg === 'shutting down'));
});

test('ots --version, --help, serve --help; unknown commands and flags are refused', async () => {
  const version = await output(run(['--version']));
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^ots \d+\.\d+\.\d+\n$/);
  const help = await output(run(['--help']));
  assert.equal(help.code, 0);
  assert.match(help.stdout, /serve/);
  const serveHelp = await output(run(['serve', '--help']));
  assert.match(serveHelp.stdout, /--port/);
  assert.match(serveHelp.stdout, /OTS_DATA_DIR/);
  const unknown = await output(run(['fly']));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "fly"/);
  const badFlag = await output(run(['serve', '--prot', '1']));
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /unknown flag --prot/);
});
