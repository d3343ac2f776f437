/**
 * The SDK in a real browser: a bundle built for browsers (no Node built-ins, no `ws`) runs in
 * headless Chromium against the real gateway. Ticks over plain and gzip frames (DecompressionStream),
 * tick-v3, an order placed and cancelled over signed fetch (cross-origin, through CORS), and the order
 * updates over the account websocket, which authenticates without headers in a browser.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { ScenarioInput, ScenarioResult } from './support/browser-entry.js';
import { startTestGateway, testTick } from './support/gateway.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}: apt-get install -y chromium`;

/** Builds the browser bundle into a temporary directory; returns its text and the modules it holds. */
async function bundle(t: { after(fn: () => void): void }): Promise<{ script: string; inputs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ots-sdk-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'ots-sdk.js');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./support/browser-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return { script: readFileSync(outfile, 'utf8'), inputs: Object.keys(result.metafile.inputs) };
}

test('the browser bundle holds no Node built-in and no ws', async (t) => {
  const { inputs } = await bundle(t);
  assert.ok(inputs.some((input) => input.endsWith('packages/sdk/src/transport/browser.ts')));
  assert.deepEqual(
    inputs.filter(
      (input) =>
        input.includes('node_modules/ws/') ||
        input.startsWith('node:') ||
        input.endsWith('transport/node.ts'),
    ),
    [],
  );
});

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Pages here are fulfilled by the test (no server address), which Chromium would treat as public
  // and then refuse their connections to 127.0.0.1 (Local Network Access).
  '--disable-features=LocalNetworkAccessChecks',
];

/**
 * A page holding the bundle. With `origin`, the page is given that address by the test (route
 * interception): used for the gateway's own origin. Without, a real HTTP server on another port
 * serves it, so that the browser applies CORS exactly as for a dashboard hosted elsewhere
 * (Playwright answers preflights itself while it intercepts, so interception is off there).
 */
async function openPage(t: { after(fn: () => unknown): void }, script: string, origin?: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const html = `<!doctype html><meta charset="utf-8"><title>sdk</title><script>${script}</script>`;
  if (origin) {
    const address = `${origin}/sdk-test.html`;
    await page.route(address, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
    );
    await page.goto(address);
  } else {
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => server.close(resolve)));
    await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
  }
  return { page, consoleErrors };
}

test('in headless Chromium: ticks (plain, gzip, tick-v3), an order placed and cancelled, order updates', {
  skip,
}, async (t) => {
  const gw = await startTestGateway(t);
  gw.gateway.admin.createAccount('sim/alice', { usdt: 1_000_000 });
  const key = gw.gateway.admin.createKey({ accounts: ['sim/alice'] });
  const { script } = await bundle(t);
  // A dashboard served from the gateway's own origin (behind the same reverse proxy).
  const { page, consoleErrors } = await openPage(t, script, gw.url);

  // Each tick the page receives asks for the next one, so nothing depends on timing.
  let price = 100;
  await page.exposeFunction('nextTick', () => {
    gw.venue.tick(testTick('test/btc.usdt', ++price));
  });
  gw.venue.tick(testTick('test/btc.usdt', price));

  const result: ScenarioResult = await page.evaluate(
    (input) =>
      (
        window as unknown as { ots: { scenario: (i: ScenarioInput) => Promise<ScenarioResult> } }
      ).ots.scenario(input),
    { url: gw.url, apiKey: key.api_key, apiSecret: key.api_secret },
  );

  assert.deepEqual(result.plain.lasts, [100, 101, 102]);
  assert.deepEqual(result.gzip.lasts, [102, 103, 104]);
  assert.deepEqual(result.v3.lasts, [104, 105, 106]);
  assert.equal(result.v3.source, 'tick.v3');
  assert.match(result.placed.client_oid, /^sim\/btc\.usdt-/);
  assert.deepEqual(result.pendingOids, [result.placed.client_oid]);
  assert.deepEqual(result.cancel, result.placed);
  assert.equal(result.pushes[0].type, 'snapshot');
  const updates = result.pushes.filter((p) => p.type === 'update').flatMap((p) => p.statuses);
  assert.ok(updates.includes(`${result.placed.client_oid} pending`), JSON.stringify(result.pushes));
  assert.ok(updates.includes(`${result.placed.client_oid} withdrawn`), JSON.stringify(result.pushes));
  assert.equal(result.usdt, 1_000_000);
  assert.equal(result.secure, true);
  assert.deepEqual(consoleErrors, []);
});

test('in headless Chromium from another origin: signed PATCH and DELETE pass the CORS preflight', {
  skip,
}, async (t) => {
  const gw = await startTestGateway(t, { config: { corsOrigins: ['*'] } });
  gw.gateway.admin.createAccount('sim/alice', { usdt: 1_000_000 });
  const key = gw.gateway.admin.createKey({ accounts: ['sim/alice'] });
  const { script } = await bundle(t);
  const { page } = await openPage(t, script);
  const answer = await page.evaluate(
    (input) =>
      (window as unknown as { ots: { crossOrigin: (i: ScenarioInput) => Promise<unknown> } }).ots.crossOrigin(
        input,
      ),
    { url: gw.url, apiKey: key.api_key, apiSecret: key.api_secret },
  );
  assert.deepEqual(answer, { amended: true, cancelled: true });
});
