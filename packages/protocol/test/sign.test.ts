import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import {
  accountWsSignedPath,
  constantTimeEqual,
  hmacSha256HexSync,
  sign,
  signedPath,
  signingMessage,
  verifySignature,
  verifySignatureSync,
} from '../src/index.ts';

const nodeHmac = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message).digest('hex');

// Reference §4.3.4: the two official vectors (PYSDK onetoken/sign_test.py), then four computed from the
// docs' example requests. The second body is the raw string byte for byte, five spaces included.
const VECTORS = [
  {
    secret: 'this-is-long-secret',
    verb: 'GET',
    path: '/okex/demo/info',
    nonce: 'this-is-nonce',
    body: '',
    signature: 'bf676b208d1b90e2763b0206f8426fc66583b07281a0368c97a9ee71e098e33e',
  },
  {
    secret: 'this-is-long-secret',
    verb: 'POST',
    path: '/okex/demo/info',
    nonce: 'this-is-nonce',
    body: '{"price": 0.1,     "amount": 0.2}',
    signature: 'd75535f8f5e2d21dd5e5a0e8609ef56e3177d55f661dfc51b458b9d7ada711dc',
  },
  {
    secret: 'test-secret',
    verb: 'POST',
    path: '/huobip/zannb/orders',
    nonce: '1527152000000000',
    body: '{"amount": 0.6, "bs": "b", "contract": "huobip/btc.usdt", "price": 1}',
    signature: 'a6408b86cf3d5ce9beeb1ef339863b874a672debba34f94fc86ebbcf7156bbc3',
  },
  {
    secret: 'test-secret',
    verb: 'GET',
    path: '/huobip/zannb/info',
    nonce: '1527152000000000',
    body: '',
    signature: '20d30ab84d449e090122a2853da0983a7d011a46fc81981dfd71d4fdd456e7f5',
  },
  {
    secret: 'test-secret',
    verb: 'DELETE',
    path: '/okex/demo-account/orders',
    nonce: '1527152000000001',
    body: '',
    signature: 'e7e1dde17c656b44a7f379f0637223da7f0d3b65b844ab3c221e218c84441628',
  },
  {
    secret: 'test-secret',
    verb: 'GET',
    path: '/ws/1token-demo',
    nonce: '1527152000000002',
    body: '',
    signature: 'b8756dcbaa4087a48c3730d24265bf4d7e979bfe97f5dde69fd9f728fd22d100',
  },
];

test('sign reproduces the six reference vectors', async () => {
  for (const v of VECTORS) {
    assert.equal(await sign(v.secret, v.verb, v.path, v.nonce, v.body), v.signature, `${v.verb} ${v.path}`);
    assert.equal(hmacSha256HexSync(v.secret, signingMessage(v.verb, v.path, v.nonce, v.body)), v.signature);
  }
});

test('signing with several secrets in turn and at once gives each secret its own signature', async () => {
  const secrets = ['alpha', 'beta', 'alpha', 'gamma', 'beta'];
  const expected = secrets.map((secret) => nodeHmac(secret, 'GET/ex/acc/info1'));
  assert.deepEqual(
    await Promise.all(secrets.map((secret) => sign(secret, 'GET', '/ex/acc/info', '1'))),
    expected,
  );
  for (const [i, secret] of secrets.entries()) {
    assert.equal(await sign(secret, 'GET', '/ex/acc/info', '1'), expected[i]);
  }
});

test('the signed string is VERB + PATH + NONCE + BODY with an upper-case verb', () => {
  assert.equal(signingMessage('GET', '/okex/demo/info', 'this-is-nonce'), 'GET/okex/demo/infothis-is-nonce');
  assert.equal(
    signingMessage('patch', '/okex/demo/orders', '1', '{"price": 1}'),
    'PATCH/okex/demo/orders1{"price": 1}',
  );
});

test('the docs example request signed sorted verifies against its unsorted raw body', async () => {
  const raw = '{"contract": "huobip/btc.usdt", "price": 1, "bs": "b", "amount": 0.6}';
  const request = {
    secret: 'test-secret',
    verb: 'POST',
    path: '/huobip/zannb/orders',
    nonce: '1527152000000000',
    body: raw,
    signature: 'a6408b86cf3d5ce9beeb1ef339863b874a672debba34f94fc86ebbcf7156bbc3',
  };
  assert.equal(await verifySignature(request), true);
  assert.equal(verifySignatureSync(request, nodeHmac), true);
});

test('every reference vector verifies, with Web Crypto and with an injected sync HMAC', async () => {
  for (const v of VECTORS) {
    assert.equal(await verifySignature(v), true);
    assert.equal(await verifySignature(v, nodeHmac), true);
    assert.equal(verifySignatureSync(v, nodeHmac), true);
    assert.equal(verifySignatureSync({ ...v, signature: v.signature.toUpperCase() }, nodeHmac), true);
  }
});

// Bodies as the 2018 Python SDK sent them (unsorted) and the sorted `json.dumps(sort_keys=True)` text it
// signed, produced by CPython 3 for this test.
const PYTHON_CASES = [
  {
    raw: '{"price": 10.0, "amount": 1e-05, "contract": "okex/btc.usdt", "bs": "b", "tags": {"note": "日本"}}',
    sorted:
      '{"amount": 1e-05, "bs": "b", "contract": "okex/btc.usdt", "price": 10.0, "tags": {"note": "\\u65e5\\u672c"}}',
    signature: '80c7d787f3f062c5073e29584dde0bb754d723c2fe74bb157d56c982284465a5',
  },
  {
    raw: '{"contract":"okex/btc.usdt","price":10.0,"bs":"s","amount":1e-05,"options":{"close":true},"tags":{"note":"日本","emoji":"😀","path":"a/b","q":"say \\"hi\\"\\\\","ctl":"\\u0001\\n\\t\\u007f"}}',
    sorted:
      '{"amount": 1e-05, "bs": "s", "contract": "okex/btc.usdt", "options": {"close": true}, "price": 10.0, "tags": {"ctl": "\\u0001\\n\\t\\u007f", "emoji": "\\ud83d\\ude00", "note": "\\u65e5\\u672c", "path": "a/b", "q": "say \\"hi\\"\\\\"}}',
    signature: '57fd90a6fe03d24bdd75a3efc78e1cc453272874bfda7bca884b1a27bfc544ac',
  },
];

test('a body signed the Python sorted way verifies from the raw body (10.0, 1e-05, non-ASCII tags)', async () => {
  for (const c of PYTHON_CASES) {
    const signature = await sign('test-secret', 'POST', '/okex/demo/orders', '1700000000000000', c.sorted);
    assert.equal(signature, c.signature);
    const request = {
      secret: 'test-secret',
      verb: 'POST',
      path: '/okex/demo/orders',
      nonce: '1700000000000000',
      body: c.raw,
      signature,
    };
    assert.equal(await verifySignature(request), true);
    assert.equal(verifySignatureSync(request, nodeHmac), true);
  }
});

test('a raw body signed as sent verifies (JSON.stringify clients, non-ASCII included)', async () => {
  const body = JSON.stringify({
    contract: 'okex/btc.usdt',
    price: 10,
    bs: 'b',
    amount: 1,
    tags: { note: '日本' },
  });
  const signature = await sign('s3cret', 'POST', '/okex/demo/orders', '1700000000000', body);
  assert.equal(signature, nodeHmac('s3cret', `POST/okex/demo/orders1700000000000${body}`));
  const request = {
    secret: 's3cret',
    verb: 'POST',
    path: '/okex/demo/orders',
    nonce: '1700000000000',
    body,
    signature,
  };
  assert.equal(await verifySignature(request), true);
});

test('a tampered body, a wrong secret, nonce, path or verb do not verify', async () => {
  const base = { ...PYTHON_CASES[0], secret: 'test-secret', verb: 'POST', path: '/okex/demo/orders' };
  const good = { ...base, body: base.raw, nonce: '1700000000000000' };
  assert.equal(await verifySignature(good), true);
  const bad = [
    { ...good, body: good.body.replace('10.0', '10') }, // the same number to JSON.parse, not to the signer
    { ...good, body: good.body.replace('1e-05', '2e-05') },
    { ...good, body: good.body.replace('"b"', '"s"') },
    { ...good, body: '' },
    { ...good, secret: 'test-secreT' },
    { ...good, nonce: '1700000000000001' },
    { ...good, path: '/okex/demo2/orders' },
    { ...good, verb: 'PATCH' },
    { ...good, signature: `${good.signature.slice(0, 63)}0` },
    { ...good, signature: good.signature.slice(0, 62) },
    { ...good, signature: '' },
    { ...good, secret: '' },
  ];
  for (const request of bad) {
    assert.equal(await verifySignature(request), false, JSON.stringify(request));
    assert.equal(verifySignatureSync(request, nodeHmac), false);
  }
});

test('malformed JSON bodies never verify and never throw, even signed as sent', async () => {
  const malformed = [
    '{"price": 1,}',
    '{"price": 01}',
    "{'price': 1}",
    '{"price": NaN}',
    '{"price": 1',
    '{"a": "\u0001"}',
    '{"a": "\\x41"}',
    '[1, 2] 3',
    '\ufeff{"price": 1}',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  ];
  for (const body of malformed) {
    const forged = nodeHmac('k', signingMessage('POST', '/ex/acc/orders', '1', '{"price": 1}'));
    const request = {
      secret: 'k',
      verb: 'POST',
      path: '/ex/acc/orders',
      nonce: '1',
      body,
      signature: forged,
    };
    assert.equal(await verifySignature(request), false);
    assert.equal(verifySignatureSync(request, nodeHmac), false);
    // A client may sign whatever bytes it sends; the server's JSON parser rejects them later.
    const asSent = {
      ...request,
      signature: nodeHmac('k', signingMessage('POST', '/ex/acc/orders', '1', body)),
    };
    assert.equal(verifySignatureSync(asSent, nodeHmac), true);
  }
});

test('sign refuses an empty secret with invalid-param', async () => {
  await assert.rejects(sign('', 'GET', '/okex/demo/info', '1'), {
    code: 'invalid-param',
    message: /secret is empty/,
  });
});

test('the plain-JS HMAC agrees with node:crypto across block boundaries and long keys', () => {
  const keys = ['k', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(200), '日本の鍵'];
  for (const key of keys) {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const message = 'aé😀'.repeat(length).slice(0, length);
      assert.equal(
        hmacSha256HexSync(key, message),
        nodeHmac(key, message),
        `key ${key.length}, message ${length}`,
      );
    }
  }
});

test('constantTimeEqual compares whole strings', () => {
  assert.equal(constantTimeEqual('abc', 'abc'), true);
  assert.equal(constantTimeEqual('abc', 'abd'), false);
  assert.equal(constantTimeEqual('abc', 'ab'), false);
  assert.equal(constantTimeEqual('', ''), true);
});

test('signedPath strips the trade prefix and the query; the account websocket signs /ws/{name}', () => {
  assert.equal(signedPath('/api/v1/trade/okex/demo-account/orders?state=end'), '/okex/demo-account/orders');
  assert.equal(
    signedPath('https://1token.trade/api/v1/trade/okex/demo-account/orders?state=end'),
    '/okex/demo-account/orders',
  );
  assert.equal(signedPath('/trade/okex/demo/info'), '/okex/demo/info');
  assert.equal(signedPath('/v1/trade/okex/demo/info'), '/okex/demo/info');
  assert.equal(signedPath('/okex/demo/orders?client_oid=a,b'), '/okex/demo/orders');
  assert.equal(signedPath('/api/v1/trader/okex/demo/info'), '/api/v1/trader/okex/demo/info');
  assert.equal(signedPath('/api/v1/ws/trade/okex/1token-demo?source=csharp'), '/ws/1token-demo');
  assert.equal(accountWsSignedPath('1token-demo'), '/ws/1token-demo');
});

test('a signature is 64 hex digits in any case; anything else never verifies', () => {
  const [v] = VECTORS;
  const mixed = [...v.signature].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  assert.equal(verifySignatureSync({ ...v, signature: mixed }, nodeHmac), true);
  for (const signature of [
    v.signature.slice(1),
    `${v.signature}0`,
    `${v.signature.slice(0, 63)}g`,
    `${v.signature.slice(0, 63)}\u0130`,
    ` ${v.signature.slice(1)}`,
    '',
  ]) {
    assert.equal(verifySignatureSync({ ...v, signature }, nodeHmac), false, JSON.stringify(signature));
  }
});
