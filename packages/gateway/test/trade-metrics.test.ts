import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sign } from '@ots/protocol';
import { nextNonce, TradeClient } from './support/trade-client.js';
import { tradeGateway } from './support/trade-gateway.js';
import { TestSocket } from './support/trade-ws.js';

test('/metrics counts private API answers by route and code, commits, and account sockets', async (t) => {
  const gateway = await tradeGateway(t);
  gateway.admin.createAccount('sim/alice', { usdt: 1000 });
  const creds = gateway.admin.createKey({ accounts: ['sim/alice'] });
  const alice = new TradeClient(gateway.url, 'sim/alice', creds);
  assert.equal((await alice.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1 })).status, 200);
  assert.equal(
    (await alice.place({ contract: 'sim/btc.usdt', price: 10, bs: 'b', amount: 1000 })).status,
    400,
  );
  assert.equal(
    (await alice.request('GET', '/info', { headers: { 'Api-Signature': undefined } })).status,
    401,
  );
  const nonce = nextNonce();
  const socket = new TestSocket(`${gateway.url.replace('http', 'ws')}/api/v1/ws/trade/sim/alice`, {
    'Api-Key': creds.api_key,
    'Api-Nonce': nonce,
    'Api-Signature': await sign(creds.api_secret, 'GET', '/ws/alice', nonce),
  });
  t.after(() => socket.close());
  assert.equal((await socket.next()).code, 'connected');

  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  assert.match(text, /ots_trade_requests_total\{code="ok",route="POST \/orders"\} 1/);
  assert.match(text, /ots_trade_requests_total\{code="exg-place-order-no-money",route="POST \/orders"\} 1/);
  assert.match(text, /ots_trade_requests_total\{code="no-valid-authentication",route="GET \/info"\} 1/);
  assert.match(text, /ots_trade_commits_total [1-9]/);
  assert.match(text, /ots_trade_commit_seconds_count [1-9]/);
  // Each command that waited for a commit is counted once: the deposit and the accepted order.
  assert.match(text, /^ots_trade_commit_commands_sum 2$/m);
  assert.match(text, /ots_account_ws_clients 1/);
});
