/**
 * A live exchange's feed outage as quote websocket clients see it: sockets subscribed to the
 * exchange's contracts get `{"uri":"status","code":"disconnected","exchange":"okex"}` when the feed
 * drops and `code: "connected"` when it is back; other sockets get nothing; a socket subscribing during
 * an outage is told at once. End to end: the fake OKX drops its connections, the gateway reconnects.
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
import { type Message, TestSocket } from './support/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-live-status-'));
const okx = new FakeOkx();
const exchange = new SwitchableDialect(okx);
let live: OkxGateway;
let gateway: Gateway;

const isStatus = (code: string) => (m: Message) => m.uri === 'status' && m.code === code;

before(async () => {
  live = await startOkxGateway({ okx, dialect: exchange, dataDir: join(dir, 'data') });
  gateway = live.gateway;
});

after(async () => {
  await live.stop();
  rmSync(dir, { recursive: true, force: true });
});

function wsUrl(path: string): string {
  return `${gateway.url.replace('http', 'ws')}${path}`;
}

async function subscribedTickSocket(path: string, t: { after(fn: () => void): void }): Promise<TestSocket> {
  const socket = await TestSocket.open(wsUrl(path), t);
  socket.send({ uri: 'auth' });
  await socket.next((m) => m.uri === 'auth', 'the auth reply');
  socket.send({ uri: 'subscribe-single-tick-verbose', contract: 'okex/btc.usdt' });
  await socket.next((m) => m.uri === 'subscribe-single-tick-verbose' && m.code === 'success', 'the ack');
  return socket;
}

test('a dropped exchange connection reaches subscribed sockets as disconnected, then connected', async (t) => {
  await okx.subscribed('books', 'BTC-USDT');
  const sdkSocket = await subscribedTickSocket('/api/v1/quote/ws', t);
  const tickSocket = await subscribedTickSocket('/api/v1/ws/tick', t);
  const bystander = await TestSocket.open(wsUrl('/api/v1/ws/tick'), t);
  bystander.send({ uri: 'auth' });
  await bystander.next((m) => m.uri === 'auth', 'the auth reply');

  okx.dropConnections();

  for (const socket of [sdkSocket, tickSocket]) {
    const down = await socket.next(isStatus('disconnected'), 'the disconnected status');
    assert.equal(down.exchange, 'okex');
    assert.match(down.message, /okex feed is down/);
    const up = await socket.next(isStatus('connected'), 'the connected status');
    assert.equal(up.exchange, 'okex');
  }
  // Ticks flow again after the status says so.
  await okx.subscribed('books', 'BTC-USDT', 2);
  okx.updateBook('BTC-USDT', { bids: [[100.3, 4]] });
  const tick = await sdkSocket.next(
    (m) => m.uri === 'single-tick-verbose' && m.data.bids[0]?.price === 100.3,
    'a tick after the outage',
  );
  assert.equal(tick.data.contract, 'okex/btc.usdt');
  // A socket with no subscription of that exchange is not told (a pong proves it has read everything).
  bystander.send({ uri: 'ping' });
  await bystander.next((m) => m.uri === 'pong', 'the pong');
  assert.equal(bystander.received.filter((r) => r.message.uri === 'status').length, 0);
});

test('a socket that subscribes during an outage is told the feed is down, then that it is back', async (t) => {
  await okx.subscribed('books', 'BTC-USDT');
  const before = await subscribedTickSocket('/api/v1/ws/tick', t);
  exchange.off();
  await before.next(isStatus('disconnected'), 'the disconnected status');

  const late = await TestSocket.open(wsUrl('/api/v1/ws/tick-v3?gzip=false'), t);
  late.send({ uri: 'auth' });
  await late.next((m) => m.uri === 'auth', 'the auth reply');
  late.send({ uri: 'subscribe-single-tick-verbose', contract: 'okex/btc.usdt' });
  const down = await late.next(isStatus('disconnected'), 'the disconnected status on subscribing');
  assert.equal(down.exchange, 'okex');
  const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
    venues: Array<{ exchange: string; connected: boolean }>;
  };
  assert.equal(health.venues.find((v) => v.exchange === 'okex')?.connected, false);

  exchange.on();
  for (const socket of [before, late]) {
    const up = await socket.next(isStatus('connected'), 'the connected status');
    assert.equal(up.exchange, 'okex');
  }
});

test('candle and low-freq sockets of the exchange are told of an outage too, once per batch', async (t) => {
  await okx.subscribed('books', 'BTC-USDT');
  const candles = await TestSocket.open(wsUrl('/api/v1/ws/candle'), t);
  candles.send({ uri: 'subscribe-single-candle', contract: 'okex/btc.usdt', duration: '1m' });
  await candles.next((m) => m.uri === 'subscribe-single-candle' && m.code === 'success', 'the candle ack');
  const lowFreq = await TestSocket.open(wsUrl('/api/v1/ws/low-freq-quote-v2'), t);
  lowFreq.send({ uri: 'batch-subscribe', contracts: ['okex/btc.usdt'] });
  await lowFreq.next((m) => m.uri === 'batch-subscribe' && m.code === 'success', 'the low-freq ack');

  exchange.off();
  for (const socket of [candles, lowFreq]) {
    const down = await socket.next(isStatus('disconnected'), 'the disconnected status');
    assert.equal(down.exchange, 'okex');
  }

  // A batch naming the exchange's contract twice during the outage is told once.
  const late = await TestSocket.open(wsUrl('/api/v1/ws/low-freq-quote-v2'), t);
  late.send({ uri: 'batch-subscribe', contracts: ['okex/btc.usdt', 'okex/btc.usdt'] });
  await late.next(isStatus('disconnected'), 'the disconnected status on subscribing');

  exchange.on();
  for (const socket of [candles, lowFreq, late]) {
    const up = await socket.next(isStatus('connected'), 'the connected status');
    assert.equal(up.exchange, 'okex');
  }
  late.send({ uri: 'ping' });
  await late.next((m) => m.uri === 'pong', 'the pong');
  assert.equal(
    late.received.filter((r) => r.message.uri === 'status' && r.message.code === 'disconnected').length,
    1,
  );
});
