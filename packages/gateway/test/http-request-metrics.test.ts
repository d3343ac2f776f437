import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tradeGateway } from './support/trade-gateway.js';

test('request latency is counted by method, route pattern and status; unknown paths as unmatched', async (t) => {
  const gateway = await tradeGateway(t, { config: { corsOrigins: ['http://localhost:5173'] } });
  const send = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gateway.url}${path}`, { method, headers });
    await res.arrayBuffer();
    return res.status;
  };
  assert.equal(await send('GET', '/health'), 200);
  assert.equal(await send('GET', '/health'), 200);
  assert.equal(await send('HEAD', '/health'), 200);
  assert.equal(await send('GET', '/api/v1/openapi.json'), 200);
  assert.equal(await send('GET', '/api/v1/trade/sim/alice/info'), 401);
  assert.equal(await send('HEAD', '/api/v1/trade/sim/alice/info'), 401);
  assert.equal(await send('GET', '/api/v1/nothing'), 404);
  assert.equal(await send('GET', '/api/v1/trade/sim/alice/nothing'), 404);
  assert.equal(
    await send('OPTIONS', '/api/v1/trade/sim/alice/orders', {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'DELETE',
    }),
    204,
  );

  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const count = (labels: string) =>
    Number(
      new RegExp(`^ots_http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1],
    );
  assert.equal(count('method="GET",route="/health",status="200"'), 2);
  assert.equal(count('method="HEAD",route="/health",status="200"'), 1);
  assert.equal(count('method="GET",route="/api/v1/openapi.json",status="200"'), 1);
  assert.equal(count('method="GET",route="/api/v1/trade/:exchange/:account/info",status="401"'), 1);
  assert.equal(count('method="HEAD",route="/api/v1/trade/:exchange/:account/info",status="401"'), 1);
  assert.equal(count('method="GET",route="unmatched",status="404"'), 2);
  assert.equal(count('method="OPTIONS",route="\\*",status="204"'), 1);
  // Private API answers are counted under the method that was asked, HEAD included.
  assert.match(text, /^ots_trade_requests_total\{code="no-valid-authentication",route="GET \/info"\} 1$/m);
  assert.match(text, /^ots_trade_requests_total\{code="no-valid-authentication",route="HEAD \/info"\} 1$/m);
});
