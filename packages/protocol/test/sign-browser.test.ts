// @ots/protocol must sign in browsers: with Web Crypto where the page is a secure context, and with the
// plain-JS HMAC where it is not (a dashboard over plain http on a LAN address has no crypto.subtle).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (apt-get install chromium)`;

// The two official vectors of reference §4.3.4 (the second body has five spaces, byte for byte).
const VECTORS = [
  [
    'this-is-long-secret',
    'GET',
    '/okex/demo/info',
    'this-is-nonce',
    '',
    'bf676b208d1b90e2763b0206f8426fc66583b07281a0368c97a9ee71e098e33e',
  ],
  [
    'this-is-long-secret',
    'POST',
    '/okex/demo/info',
    'this-is-nonce',
    '{"price": 0.1,     "amount": 0.2}',
    'd75535f8f5e2d21dd5e5a0e8609ef56e3177d55f661dfc51b458b9d7ada711dc',
  ],
];

let browser: Browser;
let server: Server;
/** Served from http://127.0.0.1, a secure context: Web Crypto is there. */
let securePage: Page;
/** A document written into about:blank, which Chromium does not treat as secure: no crypto.subtle. */
let insecurePage: Page;

before(async () => {
  if (skip) return;
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'otsProtocol',
    write: false,
  });
  const script = bundle.outputFiles[0].text;
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><meta charset="utf-8"><title>protocol</title><script>${script}</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  securePage = await browser.newPage();
  await securePage.goto(`http://127.0.0.1:${port}/`);
  insecurePage = await browser.newPage();
  await insecurePage.setContent('<!doctype html><title>protocol</title>');
  await insecurePage.addScriptTag({ content: script });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function signAll(page: Page): Promise<string[]> {
  return page.evaluate(async (vectors) => {
    const { sign } = (globalThis as unknown as { otsProtocol: typeof import('../src/index.ts') }).otsProtocol;
    return Promise.all(
      vectors.map(([secret, verb, path, nonce, body]) => sign(secret, verb, path, nonce, body)),
    );
  }, VECTORS);
}

const EXPECTED = VECTORS.map((v) => v[5]);

test('sign gives the reference signatures in a browser with Web Crypto', { skip }, async () => {
  assert.equal(await securePage.evaluate(() => typeof globalThis.crypto.subtle), 'object');
  assert.deepEqual(await signAll(securePage), EXPECTED);
});

test('without Web Crypto (an insecure context) sign and verify fall back to plain JS', { skip }, async () => {
  assert.equal(await insecurePage.evaluate(() => typeof globalThis.crypto.subtle), 'undefined');
  assert.deepEqual(await signAll(insecurePage), EXPECTED);
  const verified = await insecurePage.evaluate(async () => {
    const { verifySignature, generateClientOid, isValidClientOid } = (
      globalThis as unknown as { otsProtocol: typeof import('../src/index.ts') }
    ).otsProtocol;
    const ok = await verifySignature({
      secret: 'test-secret',
      verb: 'POST',
      path: '/huobip/zannb/orders',
      nonce: '1527152000000000',
      body: '{"contract": "huobip/btc.usdt", "price": 1, "bs": "b", "amount": 0.6}',
      signature: 'a6408b86cf3d5ce9beeb1ef339863b874a672debba34f94fc86ebbcf7156bbc3',
    });
    return { ok, clientOid: isValidClientOid(generateClientOid('okex/btc.usdt')) };
  });
  assert.deepEqual(verified, { ok: true, clientOid: true });
});
