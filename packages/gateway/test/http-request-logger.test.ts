import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import Fastify from 'fastify';
import { pino } from 'pino';
import { lazyRequestLogger } from '../src/http/request-logger.ts';

/** A fastify app logging JSON lines into `lines`, with the gateway's request logger factory. */
async function loggingApp(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino({ level }, sink), childLoggerFactory: lazyRequestLogger });
  app.get('/warn', (request) => {
    request.log.warn({ detail: 42 }, 'something odd');
    request.log.debug('not at this level');
    return { ok: true };
  });
  app.get('/quiet', { logLevel: 'error' }, (request) => {
    request.log.warn('below this route level');
    request.log.error('at this route level');
    return { ok: true };
  });
  app.get('/child', (request) => {
    request.log.child({ part: 'inner' }).warn('from a child');
    return { level: request.log.level };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { lines, app, url: `http://127.0.0.1:${port}` };
}

test('a request logs with its reqId, only at enabled levels, as a fastify child logger would', async (t) => {
  const { lines, app, url } = await loggingApp('warn');
  t.after(() => app.close());
  assert.equal((await fetch(`${url}/warn`)).status, 200);
  assert.equal((await fetch(`${url}/quiet`)).status, 200);
  const child = await fetch(`${url}/child`);
  assert.deepEqual(await child.json(), { level: 'warn' });

  const odd = lines.filter((l) => l.msg === 'something odd');
  assert.equal(odd.length, 1);
  assert.equal(odd[0].level, 40);
  assert.equal(odd[0].detail, 42);
  assert.match(String(odd[0].reqId), /^req-/);
  assert.equal(
    lines.some((l) => l.msg === 'not at this level' || l.msg === 'below this route level'),
    false,
  );
  // A route's own log level still applies to its requests.
  const routeLevel = lines.filter((l) => l.msg === 'at this route level');
  assert.equal(routeLevel.length, 1);
  assert.match(String(routeLevel[0].reqId), /^req-/);
  // A child of the request logger keeps the reqId and adds its own bindings.
  const inner = lines.find((l) => l.msg === 'from a child');
  assert.equal(inner?.part, 'inner');
  assert.match(String(inner?.reqId), /^req-/);
  // fastify's own request lines are at info: none at warn.
  assert.equal(
    lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed'),
    false,
  );
});

test('at info, fastify request lines carry the reqId of their request', async (t) => {
  const { lines, app, url } = await loggingApp('info');
  t.after(() => app.close());
  assert.equal((await fetch(`${url}/warn`)).status, 200);
  const incoming = lines.find((l) => l.msg === 'incoming request');
  const completed = lines.find((l) => l.msg === 'request completed');
  const odd = lines.find((l) => l.msg === 'something odd');
  assert.ok(incoming && completed && odd);
  assert.equal(incoming.reqId, odd.reqId);
  assert.equal(completed.reqId, odd.reqId);
});
