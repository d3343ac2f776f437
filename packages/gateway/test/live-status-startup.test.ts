/**
 * An exchange that cannot be reached when the gateway starts does not stop the gateway: the venue
 * starts disconnected with no contracts, retries in the background, and once the exchange answers its
 * contracts are listed and its ticks served. The fake OKX refuses every call (503, sockets cut) at first.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Gateway } from '../src/gateway.js';
import { FakeOkx } from './support/fake-exchange/okx.js';
import { type OkxGateway, startOkxGateway } from './support/okx-gateway.js';
import { SwitchableDialect } from './support/switchable-dialect.js';
import { TestSocket } from './support/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-live-startup-'));
const okx = new FakeOkx();
const exchange = new SwitchableDialect(okx);
let live: OkxGateway;
let gateway: Gateway;

interface Health {
  venues: Array<{ exchange: string; connected: boolean; contracts: number }>;
}

before(async () => {
  exchange.off();
  live = await startOkxGateway({ okx, dialect: exchange, dataDir: join(dir, 'data') });
  gateway = live.gateway;
});

after(async () => {
  await live.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function okexContracts(): Promise<string[]> {
  const reply = await fetch(`${gateway.url}/api/v1/basic/contracts?exchange=okex`);
  return ((await reply.json()) as Array<{ symbol: string }>).map((c) => c.symbol);
}

test('the gateway starts with the exchange down, then lists and streams it once the exchange answers', async (t) => {
  assert.ok(exchange.refused > 0, 'the gateway tried the exchange');
  const down = (await (await fetch(`${gateway.url}/health`)).json()) as Health;
  assert.deepEqual(
    down.venues.find((v) => v.exchange === 'okex'),
    { exchange: 'okex', contracts: 0, trading: true, connected: false },
  );
  assert.deepEqual(await okexContracts(), []);
  assert.match(
    await (await fetch(`${gateway.url}/metrics`)).text(),
    /ots_venue_disconnects_total\{exchange="okex"\} 1/,
  );

  exchange.on();
  // The background retry loads the markets and starts the feed, which subscribes the book.
  await okx.subscribed('books', 'BTC-USDT');
  assert.ok((await okexContracts()).includes('okex/btc.usdt'));
  const up = (await (await fetch(`${gateway.url}/health`)).json()) as Health;
  assert.equal(up.venues.find((v) => v.exchange === 'okex')?.connected, true);

  const socket = await TestSocket.open(`${gateway.url.replace('http', 'ws')}/api/v1/quote/ws`, t);
  socket.send({ uri: 'subscribe-single-tick-verbose', contract: 'okex/btc.usdt' });
  await socket.next((m) => m.uri === 'subscribe-single-tick-verbose' && m.code === 'success', 'the ack');
  okx.updateBook('BTC-USDT', { asks: [[100.9, 1]] });
  const tick = await socket.next(
    (m) => m.uri === 'single-tick-verbose' && m.data.asks[0]?.price === 100.9,
    'a tick of the exchange that was down at start',
  );
  assert.equal(tick.data.last, 100.5);
});
