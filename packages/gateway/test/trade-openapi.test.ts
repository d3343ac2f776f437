import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tradeGateway } from './support/trade-gateway.js';

test('the OpenAPI 3 document covers the public, private and admin API; /swagger serves the explorer', async (t) => {
  const gateway = await tradeGateway(t);
  const res = await fetch(`${gateway.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown; security?: unknown[] }
      >
    >;
    components: { securitySchemes: Record<string, unknown> };
  };
  assert.match(doc.openapi, /^3\./);
  const paths = Object.keys(doc.paths);
  for (const p of [
    '/api/v1/trade/{exchange}/{account}/orders',
    '/api/v1/trade/{exchange}/{account}/info',
    '/api/v1/trade/{exchange}/{account}/orders/all',
    '/api/v1/trade/{exchange}/{account}/trans',
    '/api/v1/trade/{exchange}/{account}/status',
    '/api/v1/admin/keys',
    '/api/v1/admin/accounts',
  ]) {
    assert.ok(paths.includes(p), `${p} in ${paths.join(' ')}`);
  }
  assert.ok(
    paths.some((p) => p.startsWith('/api/v1/basic/')),
    'the public API is there too',
  );
  const orders = doc.paths['/api/v1/trade/{exchange}/{account}/orders'];
  assert.deepEqual(Object.keys(orders).sort(), ['delete', 'get', 'patch', 'post']);
  assert.ok(orders.post.requestBody, 'the place body schema');
  assert.ok(orders.get.parameters?.some((p) => p.name === 'state' && p.in === 'query'));
  assert.ok(orders.post.security?.length);
  assert.ok(doc.components.securitySchemes.apiSignature);

  const ui = await fetch(`${gateway.url}/swagger`);
  assert.equal(ui.status, 200);
  assert.match(await ui.text(), /swagger/i);
});
