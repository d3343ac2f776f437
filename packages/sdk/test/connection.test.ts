/**
 * The connection state machine on bad networks, against a small protocol server that can be told to
 * misbehave (drop connections, stop answering pings, send garbage). Timers are tiny so that nothing
 * waits long; assertions wait for events, never for time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError, Quote, type Tick } from '@ots/sdk';
import { nextEvent, ProtocolServer } from './support/protocol-server.js';

const fast = {
  pingIntervalMs: 20,
  pongTimeoutMs: 200,
  connectTimeoutMs: 2000,
  backoff: { initialMs: 5, maxMs: 40 },
};

/** Collects ticks and resolves waiters when a predicate over them holds. */
function tickLog() {
  const ticks: Tick[] = [];
  let waiters: Array<() => void> = [];
  return {
    ticks,
    onTick: (tick: Tick) => {
      ticks.push(tick);
      for (const w of [...waiters]) w();
    },
    until(predicate: (ticks: Tick[]) => boolean): Promise<void> {
      if (predicate(ticks)) return Promise.resolve();
      return new Promise((resolve) => {
        const check = () => {
          if (predicate(ticks)) {
            waiters = waiters.filter((w) => w !== check);
            resolve();
          }
        };
        waiters.push(check);
      });
    },
  };
}

test('a dropped connection is redialled, every subscription replayed, and disconnect/reconnect reported', async (t) => {
  const server = await ProtocolServer.start();
  const quote = new Quote({ url: server.origin, ...fast });
  t.after(async () => {
    quote.close();
    await server.close();
  });
  const log = tickLog();
  await quote.subscribeTick('sim/btc.usdt', log.onTick);
  await quote.subscribeTick('sim/eth.usdt', log.onTick);
  server.pushTick('sim/btc.usdt', 100);
  await log.until((ticks) => ticks.length === 1);

  const disconnected = nextEvent<{ channel: string; topics: string[] }>(quote, 'disconnect');
  const reconnected = nextEvent<{ channel: string; topics: string[] }>(quote, 'reconnect');
  server.dropAll();
  const lost = await disconnected;
  assert.equal(lost.channel, 'tick');
  assert.deepEqual(lost.topics.sort(), ['sim/btc.usdt', 'sim/eth.usdt']);
  const back = await reconnected;
  assert.deepEqual(back.topics.sort(), ['sim/btc.usdt', 'sim/eth.usdt']);
  // Both subscriptions were sent again on the new socket.
  await server.until(() => [...server.sockets].some((s) => s.contracts.size === 2));
  assert.equal(server.subscribes.length, 4);

  server.pushTick('sim/eth.usdt', 200);
  await log.until((ticks) => ticks.length === 2);
  assert.equal(log.ticks[1].contract, 'sim/eth.usdt');
  assert.equal(log.ticks[1].last, 200);
});

test('a server that stops answering pings is dropped after the pong timeout and redialled', async (t) => {
  const server = await ProtocolServer.start();
  const quote = new Quote({ url: server.origin, ...fast });
  t.after(async () => {
    quote.close();
    await server.close();
  });
  const log = tickLog();
  await quote.subscribeTick('sim/btc.usdt', log.onTick);

  const disconnected = nextEvent<{ reason: string }>(quote, 'disconnect');
  server.answerPings = false;
  const lost = await disconnected;
  assert.match(lost.reason, /no pong/);

  const reconnected = nextEvent(quote, 'reconnect');
  server.answerPings = true;
  await reconnected;
  await server.until(() => [...server.sockets].some((s) => s.contracts.has('sim/btc.usdt')));
  server.pushTick('sim/btc.usdt', 101);
  await log.until((ticks) => ticks.length === 1);
  assert.equal(log.ticks[0].last, 101);
});

test('garbage frames are reported as errors and the stream goes on', async (t) => {
  const server = await ProtocolServer.start();
  const errors: unknown[] = [];
  const quote = new Quote({ url: server.origin, ...fast, onError: (e) => errors.push(e) });
  t.after(async () => {
    quote.close();
    await server.close();
  });
  const log = tickLog();
  await quote.subscribeTick('sim/btc.usdt', log.onTick);
  const [socket] = server.sockets;
  socket.socket.send('this is not json');
  socket.socket.send(Buffer.from('not gzip either'), { binary: true });
  server.send(socket, { uri: 'single-tick-verbose', data: { contract: 'sim/btc.usdt', last: 'NaN' } });
  server.pushTick('sim/btc.usdt', 102);
  await log.until((ticks) => ticks.length === 1);
  assert.equal(log.ticks[0].last, 102);
  assert.deepEqual(
    errors.map((e) => (e as OtsError).code),
    ['sdk-not-json', 'sdk-not-json', 'sdk-bad-message'],
  );
  assert.ok(errors.every((e) => e instanceof OtsError));
});

test('gzip frames are decoded when the client asks for them', async (t) => {
  const server = await ProtocolServer.start();
  const quote = new Quote({ url: server.origin, ...fast, gzip: true });
  t.after(async () => {
    quote.close();
    await server.close();
  });
  const log = tickLog();
  await quote.subscribeTick('sim/btc.usdt', log.onTick);
  const [socket] = server.sockets;
  assert.match(socket.url, /^\/api\/v1\/ws\/tick\?gzip=true$/);
  server.pushTick('sim/btc.usdt', 103);
  await log.until((ticks) => ticks.length === 1);
  assert.equal(log.ticks[0].bid1, 102);
});

test('more than 50 contracts are spread over several connections, invisibly to the user', async (t) => {
  const server = await ProtocolServer.start();
  const quote = new Quote({ url: server.origin, ...fast });
  t.after(async () => {
    quote.close();
    await server.close();
  });
  const contracts = Array.from({ length: 120 }, (_, i) => `sim/c${i}.usdt`);
  const log = tickLog();
  await Promise.all(contracts.map((c) => quote.subscribeTick(c, log.onTick)));
  assert.equal(quote.connectionCount(), 3);
  assert.equal(server.sockets.size, 3);
  for (const socket of server.sockets) assert.ok(socket.contracts.size <= 50);
  for (const [i, contract] of contracts.entries()) server.pushTick(contract, i + 1);
  await log.until((ticks) => ticks.length === contracts.length);
  assert.deepEqual(new Set(log.ticks.map((tick) => tick.contract)), new Set(contracts));
});

test('a subscription made while the gateway is unreachable completes once it is up', async (t) => {
  // Reserve a port, free it, and subscribe while nothing listens there.
  const first = await ProtocolServer.start();
  const origin = first.origin;
  await first.close();
  const states: string[] = [];
  const quote = new Quote({ url: origin, ...fast });
  quote.on('state', (s) => states.push(s.state));
  const log = tickLog();
  const subscribed = quote.subscribeTick('sim/btc.usdt', log.onTick);
  await nextEvent<{ state: string }>(quote, 'state', (s) => s.state === 'reconnecting');

  const { WebSocketServer } = await import('ws');
  const port = Number(new URL(origin).port);
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  t.after(async () => {
    quote.close();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.uri === 'auth') socket.send(JSON.stringify({ uri: 'auth', message: 'Auth succeed.' }));
      if (message.uri === 'subscribe-single-tick-verbose') {
        socket.send(JSON.stringify({ uri: message.uri, code: 'success', contract: message.contract }));
      }
    });
  });
  await subscribed;
  assert.deepEqual(states.slice(0, 3), ['connecting', 'reconnecting', 'connecting']);
  assert.equal(states.at(-1), 'open');
});

test('close() ends iterators and pending subscriptions, and nothing reconnects afterwards', async (t) => {
  const server = await ProtocolServer.start();
  t.after(() => server.close());
  const quote = new Quote({ url: server.origin, ...fast });
  const iterator = quote.ticks('sim/btc.usdt');
  const pending = iterator.next();
  await server.until(() => server.subscribes.length === 1);
  quote.close();
  assert.deepEqual(await pending, { value: undefined, done: true });
  await server.until(() => server.sockets.size === 0);
  assert.throws(
    () => quote.ticks('sim/btc.usdt'),
    (e: unknown) => e instanceof OtsError,
  );
  const connections = server.connections;
  server.dropAll();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(server.connections, connections);
});

test('default timers: a ping within 5 s of connecting, a dropped link back after the 2 s backoff', async (t) => {
  const server = await ProtocolServer.start();
  const quote = new Quote({ url: server.origin });
  t.after(async () => {
    quote.close();
    await server.close();
  });
  await quote.subscribeTick('sim/btc.usdt', () => {});
  const connectedAt = Date.now();
  await server.until(() => server.pings >= 1);
  const firstPingAfter = Date.now() - connectedAt;
  // Generous margin for a loaded machine: the point is 5 s, not the 30 s the server allows.
  assert.ok(firstPingAfter <= 5000 + 4000, `first ping after ${firstPingAfter} ms`);

  const reconnected = nextEvent(quote, 'reconnect');
  const droppedAt = Date.now();
  server.dropAll();
  await reconnected;
  // Jitter only shortens the 2 s delay: back within 2 s plus the time to dial.
  assert.ok(Date.now() - droppedAt >= 1500, 'the default backoff waits 1.5 to 2 s');
});
