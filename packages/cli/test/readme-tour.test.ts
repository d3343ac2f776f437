/**
 * The README's first-ten-minutes tour, run as written: a gateway is started the way `npm start`
 * starts it (first start writes the demo key to the profile), then each line of the tour's shell
 * block runs in a shell with only that profile in its environment, no secret typed. The same for
 * docs/getting-started.md, whose SDK example runs too.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readProfile } from '../src/profile.js';
import { cleanEnv } from './support/cli-gateway.js';
import { OtsChild } from './support/ots-child.js';
import { REPO_ROOT } from './support/run-ots.js';

/** The shell lines of the fenced block right after the `<!-- tour: ... -->` marker, comments stripped. */
export function tourLines(markdown: string): string[] {
  const match = /<!-- tour:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(markdown);
  if (!match) return [];
  return match[1]
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function sdkExample(markdown: string): string | undefined {
  return /## 5\. The same from code[\s\S]*?```ts\n([\s\S]*?)```/.exec(markdown)?.[1];
}

const dir = mkdtempSync(join(tmpdir(), 'ots-readme-'));
const env = cleanEnv({ OTS_PROFILE: join(dir, 'profile.json') });
let serve: OtsChild;

before(async () => {
  serve = new OtsChild(['serve', '--port', '0', '--data', join(dir, 'data')], env);
  await serve.until(() => serve.lines.some((l) => l.includes('demo account key written')), 'the first start');
});
after(async () => {
  serve.process.kill('SIGTERM');
  await serve.exited;
  rmSync(dir, { recursive: true, force: true });
});

interface LineRun {
  code: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one tour line in a shell. `ots quote` streams until stopped: it is stopped (Ctrl-C to its
 * process group) once it has printed `streamLines` ticks.
 */
function runLine(line: string, streamLines = 3): Promise<LineRun> {
  const streaming = /\bots quote\b/.test(line) && !line.includes('|');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', line], {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (streaming && !stopped && stdout.split('\n').length > streamLines) {
        stopped = true;
        process.kill(-(child.pid as number), 'SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // A line that never finishes fails the test instead of hanging it.
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function runTour(file: string): Promise<void> {
  const lines = tourLines(readFileSync(join(REPO_ROOT, file), 'utf8'));
  assert.equal(lines.length, 3, `${file} has the three tour lines after its <!-- tour: --> marker`);
  const [quoteLine, placeLine, ordersLine] = lines;
  assert.match(quoteLine, /ots quote /);
  assert.match(placeLine, /ots order place /);
  assert.match(ordersLine, /ots orders /);

  const quote = await runLine(quoteLine);
  // Stopped with Ctrl-C: the shell and npx around ots end by the signal, ots itself with 0.
  assert.ok(quote.code === 0 || quote.signal === 'SIGINT', quote.stderr);
  assert.equal(quote.stderr, '');
  const ticks = quote.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(ticks.length >= 3);
  for (const tick of ticks) assert.ok(quoteLine.includes(tick.contract), `${tick.contract} was asked for`);

  const place = await runLine(placeLine);
  assert.equal(place.code, 0, place.stderr);
  const { client_oid } = JSON.parse(place.stdout);

  const orders = await runLine(ordersLine);
  assert.equal(orders.code, 0, orders.stderr);
  const order = JSON.parse(orders.stdout).find((o: { client_oid: string }) => o.client_oid === client_oid);
  assert.ok(order, 'the order just placed is listed');
  assert.equal(order.status, 'pending', 'far below the market, it rests');
}

test("the README's tour lines work by copy and paste after the first start", () => runTour('README.md'));

test("docs/getting-started.md's tour lines work the same", () => runTour('docs/getting-started.md'));

test("docs/getting-started.md's SDK example runs against the gateway with the demo key", async () => {
  const code = sdkExample(readFileSync(join(REPO_ROOT, 'docs/getting-started.md'), 'utf8'));
  assert.ok(code, 'the SDK example is there');
  const profile = readProfile(env.OTS_PROFILE);
  const run = await new Promise<LineRun>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        code.replaceAll('http://127.0.0.1:8700', profile.url as string),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...env, OTS_API_KEY: profile.api_key, OTS_API_SECRET: profile.api_secret },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stdout, stderr }));
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /client_oid: 'sim\/btc\.usdt-/, 'the placed order was read back');
});
