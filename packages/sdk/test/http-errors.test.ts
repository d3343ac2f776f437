/**
 * The SDK's own error codes, which a healthy gateway never produces on demand: a server that never
 * answers (sdk-timeout), a caller who aborts (sdk-aborted), nobody listening (sdk-network-error), a
 * body that is not JSON (sdk-not-json). A small local HTTP server plays the broken peer; it also
 * records what the SDK sent, to check the signature covers exactly those bytes.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Account, OtsError, Quote } from '@ots/sdk';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

async function serve(t: { after(fn: () => unknown): void }, handler: Handler): Promise<string> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function isOts(code: string, status?: number) {
  return (e: unknown) => {
    assert.ok(e instanceof OtsError, `expected an OtsError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (status !== undefined) assert.equal(e.status, status);
    return true;
  };
}

const creds = { apiKey: 'key-1', apiSecret: 'this-is-long-secret' };

test('each call signs exactly the bytes it sends: verb, /{exchange}/{name}{endpoint}, nonce, body', async (t) => {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const url = await serve(t, (request, body, response) => {
    seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
    response.setHeader('content-type', 'application/json');
    response.end(request.method === 'POST' ? '{"client_oid":"x","exchange_oid":"y"}' : '[]');
  });
  const account = new Account('okex/demo-account', { url, ...creds });
  await account.placeOrder('okex/btc.usdt', 0.1, 's', 0.2, {
    clientOid: 'okex/btc.usdt-abc',
    tags: { a: 'ü' },
  });
  await account.getOrderList('okex/btc.usdt', 'end');
  await account.cancelAll();
  assert.equal(seen.length, 3);
  const [post, get, del] = seen;
  assert.equal(post.url, '/api/v1/trade/okex/demo-account/orders');
  assert.equal(
    post.body,
    '{"contract":"okex/btc.usdt","price":0.1,"bs":"s","amount":0.2,"client_oid":"okex/btc.usdt-abc","tags":{"a":"ü"}}',
  );
  assert.equal(post.headers['content-type'], 'application/json');
  assert.equal(get.url, '/api/v1/trade/okex/demo-account/orders?contract=okex%2Fbtc.usdt&state=end');
  assert.equal(del.method, 'DELETE');
  assert.equal(del.url, '/api/v1/trade/okex/demo-account/orders/all');
  for (const request of seen) {
    const path = request.url.split('?')[0].replace('/api/v1/trade', '');
    const nonce = String(request.headers['api-nonce']);
    const expected = createHmac('sha256', creds.apiSecret)
      .update(request.method + path + nonce + request.body)
      .digest('hex');
    assert.equal(request.headers['api-key'], 'key-1');
    assert.equal(request.headers['api-signature'], expected);
  }
  // Microsecond nonces, strictly increasing.
  const nonces = seen.map((r) => Number(r.headers['api-nonce']));
  assert.ok(nonces[0] > Date.now() * 1000 - 60e6);
  assert.ok(nonces[0] < nonces[1] && nonces[1] < nonces[2]);
});

test('a server that never answers: sdk-timeout after the per-call or default timeout', async (t) => {
  const url = await serve(t, () => {});
  const account = new Account('sim/alice', { url, ...creds, timeout: 50 });
  await assert.rejects(account.getInfo(), (e: unknown) => {
    isOts('sdk-timeout', 0)(e);
    assert.match((e as OtsError).message, /50 ms/);
    return true;
  });
  await assert.rejects(account.getPendingList({ timeout: 20 }), isOts('sdk-timeout'));
  const quote = new Quote({ url, timeout: 20 });
  await assert.rejects(quote.getContracts('sim'), isOts('sdk-timeout'));
});

test('an AbortSignal aborts a call before or while it is in flight: sdk-aborted', async (t) => {
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const url = await serve(t, () => arrived());
  const account = new Account('sim/alice', { url, ...creds });
  const early = new AbortController();
  early.abort();
  await assert.rejects(account.getInfo({ signal: early.signal }), isOts('sdk-aborted'));

  const late = new AbortController();
  const call = account.cancelUseClientOid('a', 'b', { signal: late.signal });
  await requestArrived;
  late.abort(new Error('user pressed stop'));
  await assert.rejects(call, (e: unknown) => {
    isOts('sdk-aborted')(e);
    assert.match((e as OtsError).message, /user pressed stop/);
    return true;
  });
  const sleeping = new AbortController();
  const placing = account.placeAndCancel('sim/btc.usdt', 1, 'b', 1, 60, { signal: sleeping.signal });
  sleeping.abort();
  await assert.rejects(placing, isOts('sdk-aborted'));
});

test('nobody listening: sdk-network-error naming the cause', async () => {
  // A port that was just freed: the connection is refused.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dead = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  const account = new Account('sim/alice', { url: dead, ...creds });
  await assert.rejects(account.getInfo(), (e: unknown) => {
    isOts('sdk-network-error', 0)(e);
    assert.match((e as OtsError).message, /ECONNREFUSED/);
    return true;
  });
  await assert.rejects(new Quote({ url: dead }).getLastTick('sim/btc.usdt'), isOts('sdk-network-error'));
});

test('bodies that are not JSON: sdk-not-json with the HTTP status; a JSON error without code keeps its status', async (t) => {
  const url = await serve(t, (request, _body, response) => {
    if (request.url!.endsWith('/info')) {
      response.end('hello');
    } else if (request.url!.endsWith('/status')) {
      response.statusCode = 502;
      response.end('<html>Bad Gateway</html>');
    } else if (request.url!.startsWith('/api/v1/basic')) {
      response.statusCode = 500;
      response.end('{"error":"boom"}');
    } else {
      response.end('');
    }
  });
  const account = new Account('sim/alice', { url, ...creds });
  await assert.rejects(account.getInfo(), (e: unknown) => {
    isOts('sdk-not-json', 200)(e);
    assert.match((e as OtsError).message, /hello/);
    return true;
  });
  await assert.rejects(account.getStatus(), isOts('sdk-not-json', 502));
  await assert.rejects(account.getPendingList(), isOts('sdk-not-json', 200));
  await assert.rejects(new Quote({ url }).getContracts('sim'), isOts('unexpected-error', 500));
});

test('answers of the wrong shape are refused with sdk-bad-message', async (t) => {
  const url = await serve(t, (_request, _body, response) => {
    response.end('{"not":"a list"}');
  });
  const account = new Account('sim/alice', { url, ...creds });
  await assert.rejects(account.getPendingList(), isOts('sdk-bad-message'));
  await assert.rejects(new Quote({ url }).getContracts('sim'), isOts('sdk-bad-message'));
});
