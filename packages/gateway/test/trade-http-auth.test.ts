import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sign } from '@ots/protocol';
import { nextNonce, TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';

type Err = { code: string; message: string };

test('auth over HTTP: headers, keys, signatures, nonces, permissions', async (t) => {
  const gateway = await tradeGateway(t, { trade: { nonceWindow: 5 } });
  gateway.admin.createAccount('sim/alice', { usdt: 100000, btc: 2, eth: 10 });
  gateway.admin.createAccount('sim/bob', { usdt: 1000 });
  const creds = gateway.admin.createKey({ accounts: ['sim/alice'] });
  const alice = new TradeClient(gateway.url, 'sim/alice', creds);

  await t.test('missing headers answer 401 no-valid-authentication', async () => {
    const res = await fetch(`${gateway.url}/api/v1/trade/sim/alice/info`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as Err).code, 'no-valid-authentication');
    const noSig = await alice.request<Err>('GET', '/info', { headers: { 'Api-Signature': undefined } });
    assert.equal(noSig.status, 401);
    assert.equal(noSig.body.code, 'no-valid-authentication');
  });

  await t.test('an unknown key or a bad signature answers 401 invalid-api-key', async () => {
    const unknown = await alice.request<Err>('GET', '/info', { headers: { 'Api-Key': 'no-such-key' } });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'invalid-api-key');
    const forged = await alice.request<Err>('GET', '/info', {
      headers: { 'Api-Signature': 'ab'.repeat(32) },
    });
    assert.equal(forged.status, 401);
    assert.equal(forged.body.code, 'invalid-api-key');
    // The query string is not signed, but the path is: signing another account's path fails.
    const nonce = nextNonce();
    const sig = await sign(creds.api_secret, 'GET', '/sim/bob/info', nonce);
    const res = await fetch(`${gateway.url}/api/v1/trade/sim/alice/info`, {
      headers: { 'Api-Key': creds.api_key, 'Api-Nonce': nonce, 'Api-Signature': sig },
    });
    assert.equal(res.status, 401);
  });

  await t.test('unknown query parameters are ignored (clients add source=...)', async () => {
    const res = await alice.get('/orders', 'source=csharp&helper=db');
    assert.equal(res.status, 200);
  });

  await t.test('Python-signed bodies: 10.0 and 1e-05 as json.dumps writes them, raw or sorted', async () => {
    // As demos after 2018-06 send: json.dumps(data) signed and sent byte for byte.
    const raw =
      '{"contract": "sim/btc.usdt", "price": 10000.0, "bs": "b", "amount": 0.0001, "client_oid": "py-raw-1"}';
    const a = await alice.request<{ client_oid: string }>('POST', '/orders', { body: raw });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.client_oid, 'py-raw-1');
    // As 2018-01..05 SDKs did: signed json.dumps(sort_keys=True), sent json.dumps (unsorted).
    const sent =
      '{"contract": "sim/eth.btc", "price": 1e-05, "bs": "b", "amount": 10.0, "client_oid": "py-sorted-1"}';
    const sorted =
      '{"amount": 10.0, "bs": "b", "client_oid": "py-sorted-1", "contract": "sim/eth.btc", "price": 1e-05}';
    const b = await alice.request<{ client_oid: string }>('POST', '/orders', {
      body: sent,
      signedBody: sorted,
    });
    assert.equal(b.status, 200, JSON.stringify(b.body));
    const [order] = (
      await alice.get<Array<{ entrust_price: number; entrust_amount: number }>>(
        '/orders',
        'client_oid=py-raw-1',
      )
    ).body;
    assert.equal(order.entrust_price, 10000);
    assert.equal(order.entrust_amount, 0.0001);
    const [tiny] = (
      await alice.get<Array<{ entrust_price: number; entrust_amount: number }>>(
        '/orders',
        'client_oid=py-sorted-1',
      )
    ).body;
    assert.equal(tiny.entrust_price, 0.00001);
    assert.equal(tiny.entrust_amount, 10);
  });

  await t.test('a replayed nonce is refused; nonces arriving out of order are not', async () => {
    const nonce = nextNonce();
    assert.equal((await alice.request('GET', '/info', { nonce })).status, 200);
    const replay = await alice.request<Err>('GET', '/info', { nonce });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'invalid-api-key');
    const first = nextNonce();
    const second = nextNonce();
    assert.equal((await alice.request('GET', '/info', { nonce: second })).status, 200);
    assert.equal(
      (await alice.request('GET', '/info', { nonce: first })).status,
      200,
      'sent first, arrived second',
    );
    // .NET ticks (beyond 2^53), compared exactly: two neighbours both pass (on a key of its own,
    // whose window then fills with them).
    const dotnet = new TradeClient(
      gateway.url,
      'sim/alice',
      gateway.admin.createKey({ accounts: ['sim/alice'] }),
    );
    const ticks = 9_007_199_254_740_993_000n + BigInt(Date.now()) * 10_000n;
    assert.equal((await dotnet.request('GET', '/info', { nonce: ticks.toString() })).status, 200);
    assert.equal((await dotnet.request('GET', '/info', { nonce: (ticks + 1n).toString() })).status, 200);
    // The window (5 here) is full of tick nonces now: an older nonce is refused.
    for (let i = 2n; i < 6n; i++) await dotnet.request('GET', '/info', { nonce: (ticks + i).toString() });
    const stale = await dotnet.request<Err>('GET', '/info', { nonce: (ticks - 1n).toString() });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.code, 'invalid-api-key');
  });

  await t.test('a key used on an account it was not given answers 403 no-permission', async () => {
    const onBob = new TradeClient(gateway.url, 'sim/bob', creds);
    const res = await onBob.get<Err>('/info');
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'no-permission');
  });

  await t.test('a read-only key reads but cannot place, amend or cancel', async () => {
    const ro = new TradeClient(
      gateway.url,
      'sim/alice',
      gateway.admin.createKey({ accounts: ['sim/alice'], readOnly: true }),
    );
    assert.equal((await ro.get('/info')).status, 200);
    assert.equal((await ro.get('/orders')).status, 200);
    assert.equal((await ro.get('/trans')).status, 200);
    const place = await ro.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 });
    assert.equal(place.status, 403);
    assert.equal((place.body as unknown as Err).code, 'no-permission');
    const amend = await ro.request<Err>('PATCH', '/orders', {
      query: 'client_oid=py-raw-1',
      body: { price: 2e-5 },
    });
    assert.equal(amend.status, 403);
    assert.equal((await ro.cancel('client_oid=py-raw-1')).status, 403);
    assert.equal((await ro.request('DELETE', '/orders/all')).status, 403);
    assert.equal((await alice.get<unknown[]>('/orders', 'client_oid=py-raw-1')).body.length, 1, 'still open');
  });

  await t.test('a revoked key is refused at once', async () => {
    const temp = gateway.admin.createKey({ accounts: ['sim/alice'] });
    const client = new TradeClient(gateway.url, 'sim/alice', temp);
    assert.equal((await client.get('/info')).status, 200);
    gateway.admin.revokeKey(temp.api_key);
    assert.equal((await client.get('/info')).status, 401);
  });
});

test('malformed bodies answer 400 invalid-param; oversized ones 413 payload-too-large', async (t) => {
  const gateway = await tradeGateway(t, { trade: { bodyLimit: 1024 } });
  gateway.admin.createAccount('sim/alice', { usdt: 1000 });
  const alice = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'] }),
  );
  const cases: Array<[string, string]> = [
    ['not JSON', '{"contract": "sim/btc.usdt", '],
    ['an array', '[1, 2]'],
    ['no price', '{"contract": "sim/btc.usdt", "bs": "b", "amount": 1}'],
    ['price as text', '{"contract": "sim/btc.usdt", "price": "ten", "bs": "b", "amount": 1}'],
    ['negative amount', '{"contract": "sim/btc.usdt", "price": 10, "bs": "b", "amount": -1}'],
    ['bad side', '{"contract": "sim/btc.usdt", "price": 10, "bs": "buy", "amount": 1}'],
    [
      'bad client_oid',
      '{"contract": "sim/btc.usdt", "price": 10, "bs": "b", "amount": 1, "client_oid": "a b"}',
    ],
    ['bad options', '{"contract": "sim/btc.usdt", "price": 10, "bs": "b", "amount": 1, "options": "{nope"}'],
    ['bad contract', '{"contract": "btc", "price": 10, "bs": "b", "amount": 1}'],
  ];
  for (const [what, body] of cases) {
    const res = await alice.request<Err>('POST', '/orders', { body });
    assert.equal(res.status, 400, what);
    assert.equal(res.body.code, 'invalid-param', what);
    assert.ok(res.body.message.length > 10, what);
  }
  const big = JSON.stringify({
    contract: 'sim/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    comment: 'x'.repeat(2000),
  });
  const res = await alice.request<Err>('POST', '/orders', { body: big });
  assert.equal(res.status, 413);
  assert.equal(res.body.code, 'payload-too-large');
  const other = await alice.place({ contract: 'sim/xyz.usdt', price: 10, bs: 'b', amount: 1 });
  assert.equal(other.status, 404);
  assert.equal((other.body as unknown as Err).code, 'contract-not-exist');
  const engineRefusal = await alice.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 0.000001 });
  assert.equal(engineRefusal.status, 400, 'the exchange tests: an invalid amount fails with a 4xx');
  assert.equal(engineRefusal.headers.get('content-type')?.startsWith('application/json'), true);
});

test('rate limits per key: 429 exg-rate-limit-exceeded with Retry-After; another key is unaffected', async (t) => {
  const gateway = await tradeGateway(t, { trade: { defaultRateLimit: { ratePerSecond: 0.5, burst: 3 } } });
  gateway.admin.createAccount('sim/alice', { usdt: 1000 });
  const limited = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'] }),
  );
  const unlimited = new TradeClient(
    gateway.url,
    'sim/alice',
    gateway.admin.createKey({ accounts: ['sim/alice'], rateLimit: { ratePerSecond: 0, burst: 0 } }),
  );
  for (let i = 0; i < 3; i++) assert.equal((await limited.get('/status')).status, 200);
  const refused = await limited.get<Err>('/status');
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'exg-rate-limit-exceeded');
  assert.equal(refused.headers.get('retry-after'), '2');
  for (let i = 0; i < 10; i++) assert.equal((await unlimited.get('/status')).status, 200);
});

test('CORS preflight allows the Api-* headers for configured origins only', async (t) => {
  const gateway = await tradeGateway(t, { config: { corsOrigins: ['http://app.example'] } });
  const preflight = (origin: string) =>
    fetch(`${gateway.url}/api/v1/trade/sim/alice/orders`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'api-key,api-nonce,api-signature,content-type',
      },
    });
  const ok = await preflight('http://app.example');
  assert.ok(ok.status === 204 || ok.status === 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'http://app.example');
  const allowed = (ok.headers.get('access-control-allow-headers') ?? '').toLowerCase();
  for (const h of ['api-key', 'api-nonce', 'api-signature', 'content-type'])
    assert.ok(allowed.includes(h), h);
  const other = await preflight('http://evil.example');
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('a nonce is on disk before its reply: replaying a request after a restart is refused', async (t) => {
  const { tempDir } = await import('./support/trade-tmp.js');
  const dataDir = tempDir(t);
  const first = await tradeGateway(t, { dataDir });
  first.admin.createAccount('sim/alice', { usdt: 1000 });
  const creds = first.admin.createKey({ accounts: ['sim/alice'] });
  const nonces = [nextNonce(), nextNonce()];
  const before = new TradeClient(first.url, 'sim/alice', creds);
  assert.equal((await before.get('/info')).status, 200);
  assert.equal((await before.request('GET', '/orders', { nonce: nonces[0] })).status, 200);
  const placed = await before.request('POST', '/orders', {
    nonce: nonces[1],
    body: { contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 },
  });
  assert.equal(placed.status, 200);
  await first.close();

  const second = await tradeGateway(t, { dataDir });
  const after = new TradeClient(second.url, 'sim/alice', creds);
  const readAgain = await after.request<Err>('GET', '/orders', { nonce: nonces[0] });
  assert.equal(readAgain.status, 401);
  assert.equal(readAgain.body.code, 'invalid-api-key');
  const placeAgain = await after.request<Err>('POST', '/orders', {
    nonce: nonces[1],
    body: { contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 },
  });
  assert.equal(placeAgain.status, 401, 'a replayed place is not placed twice');
  assert.equal((await after.get<unknown[]>('/orders')).body.length, 1);
});
