/**
 * The live venue's pure rules: exchange codes (closed ones refused), client id mapping, error code
 * mapping, order status mapping and reconnect backoff.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { toOtsError } from '../src/venues/live/error-mapping.js';
import { LIVE_EXCHANGES, liveExchange } from '../src/venues/live/exchanges.js';
import { nativeOrderId, statusOf } from '../src/venues/live/order-mapping.js';
import { backoffDelay } from '../src/venues/live/stream-loop.js';

test('a closed exchange answers exg-closed saying it has closed; an unknown one lists the live codes', () => {
  assert.throws(() => liveExchange('bitmex'), {
    code: 'exg-closed',
    message: /bitmex.*closed on 2026-09-23/,
  });
  for (const code of ['bittrex', 'bitstar', 'exx', 'coinegg']) {
    assert.throws(() => liveExchange(code), { code: 'exg-closed' });
  }
  assert.throws(() => liveExchange('nope'), {
    code: 'invalid-param',
    message: /okex, okswap, gate, binance/,
  });
  assert.equal(liveExchange('okex').ccxtId, 'okx');
});

test('client ids follow each exchange rules, the same client_oid always gives the same id', () => {
  const contract = 'okex/btc.usdt';
  const short = `${contract}-20260101120000ab12cd34ef56gh78`;
  assert.equal(exchangeClientId(LIVE_EXCHANGES.okex!, contract, short), '20260101120000ab12cd34ef56gh78');
  // The 2018 form has dashes: not a legal clOrdId, so a digest of 32 letters and digits.
  const legacy = `${contract}-20180524-104719-a8uwod1lqgqrkq25osy0lohcr9e`;
  const okx = exchangeClientId(LIVE_EXCHANGES.okex!, contract, legacy);
  assert.match(okx, /^[A-Za-z0-9]{32}$/);
  assert.equal(exchangeClientId(LIVE_EXCHANGES.okex!, contract, legacy), okx);
  assert.notEqual(exchangeClientId(LIVE_EXCHANGES.okex!, contract, `${legacy}x`), okx);
  const gate = exchangeClientId(LIVE_EXCHANGES.gate!, 'gate/btc.usdt', 'gate/btc.usdt-20260101120000ab');
  assert.equal(gate, 't-20260101120000ab');
  const gateLong = exchangeClientId(LIVE_EXCHANGES.gate!, 'gate/btc.usdt', short.replace('okex', 'gate'));
  assert.match(gateLong, /^t-[A-Za-z0-9]{26}$/);
  const binance = exchangeClientId(
    LIVE_EXCHANGES.binance!,
    'binance/btc.usdt',
    'binance/btc.usdt-my-order.1',
  );
  assert.equal(binance, 'my-order.1');
});

test('ccxt errors map to the protocol codes, transport failures never to an order rejection', async () => {
  const ccxt = (await import('ccxt')).default as unknown as Record<string, new (m: string) => Error>;
  const cases: Array<[string, string, string, string]> = [
    ['okx', 'InsufficientFunds', 'okx {"code":"1","data":[{"sCode":"51008"}]}', 'exg-place-order-no-money'],
    ['okx', 'InvalidOrder', 'okx {"code":"1","data":[{"sCode":"51121"}]}', 'exg-place-order-error-amount'],
    [
      'gate',
      'BadRequest',
      'gate {"label":"INVALID_PARAM_VALUE","message":"Your order size 1 USDT is too small. The minimum is 3 USDT"}',
      'exg-place-order-min-notional',
    ],
    [
      'binance',
      'BadRequest',
      'binance {"code":-1013,"msg":"Filter failure: PRICE_FILTER"}',
      'exg-place-order-error-price',
    ],
    ['binance', 'AuthenticationError', 'binance {"code":-2015}', 'exg-invalid-api-key'],
    ['binance', 'RateLimitExceeded', 'binance 429', 'exg-rate-limit-exceeded'],
    [
      'okx',
      'RequestTimeout',
      'okx POST https://www.okx.com/api/v5/trade/order request timed out (10000 ms) "sCode":"51008"',
      'exg-timeout',
    ],
    ['gate', 'AccountSuspended', 'gate {"label":"ACCOUNT_LOCKED"}', 'exg-account-error'],
    ['okx', 'ExchangeError', 'okx {"code":"59999"}', 'exg-undefined-error'],
  ];
  for (const [id, cls, message, code] of cases) {
    const Klass = ccxt[cls] as new (m: string) => Error;
    assert.equal(toOtsError(new Klass(message), id, 'place order').code, code, `${cls} ${message}`);
  }
  assert.equal(toOtsError(new Error('boom'), 'okx', 'x').code, 'exg-unknown-error');
  const redacted = toOtsError(new ccxt.ExchangeError!('okx GET /x?apiKey=abc&signature=def'), 'okx', 'x');
  assert.doesNotMatch(redacted.message, /abc|def/);
});

test('ccxt order states map to the protocol statuses', () => {
  assert.equal(statusOf({ id: '1', status: 'open', filled: 0 }), 'pending');
  assert.equal(statusOf({ id: '1', status: 'open', filled: 1 }), 'part-deal-pending');
  assert.equal(statusOf({ id: '1', status: 'closed' }), 'dealt');
  assert.equal(statusOf({ id: '1', status: 'canceled', filled: 0 }), 'withdrawn');
  assert.equal(statusOf({ id: '1', status: 'canceled', filled: 2 }), 'part-deal-withdrawn');
  assert.equal(statusOf({ id: '1', status: 'rejected' }), 'error-order');
  assert.equal(statusOf({ id: '1' }), undefined);
  assert.deepEqual(nativeOrderId('okex/btc.usdt-123'), { contract: 'okex/btc.usdt', id: '123' });
  assert.equal(nativeOrderId('garbage'), undefined);
});

test('reconnect backoff doubles up to its cap, with jitter that only shortens it', () => {
  const options = { initialMs: 100, maxMs: 1000, jitter: 0.5 };
  assert.equal(
    backoffDelay(1, options, () => 0),
    100,
  );
  assert.equal(
    backoffDelay(3, options, () => 0),
    400,
  );
  assert.equal(
    backoffDelay(10, options, () => 0),
    1000,
  );
  assert.equal(
    backoffDelay(3, options, () => 1),
    200,
  );
  assert.equal(
    backoffDelay(1, {}, () => 0),
    250,
    'default first delay',
  );
  assert.equal(
    backoffDelay(30, {}, () => 0),
    30_000,
    'default cap',
  );
});

test('live orders are limit orders: other types and perpetual trading are refused before any call', async () => {
  const { LiveTrading } = await import('../src/venues/live/live-trading.js');
  const { LiveVenue } = await import('../src/venues/live/live-venue.js');
  const { LiveOrderStore } = await import('../src/venues/live/order-store.js');
  const { default: Database } = await import('better-sqlite3');
  const request = {
    contract: 'okex/btc.usdt',
    bs: 'b' as const,
    price: 1,
    amount: 1,
    client_oid: 'okex/btc.usdt-x1',
    options: { type: 'market' },
    tags: {},
  };
  // No exchange is reachable here: both refusals must come before any exchange call.
  const spot = new LiveTrading({
    venue: new LiveVenue({ exchange: 'okex' }),
    store: new LiveOrderStore(new Database(':memory:')),
    credentials: () => undefined,
  });
  await assert.rejects(spot.placeOrder('okex/main', request), { code: 'invalid-param', message: /"market"/ });
  const swap = new LiveTrading({
    venue: new LiveVenue({ exchange: 'okswap' }),
    store: new LiveOrderStore(new Database(':memory:')),
    credentials: () => undefined,
  });
  await assert.rejects(
    swap.placeOrder('okswap/main', { ...request, contract: 'okswap/btc.usdt.td', options: {} }),
    { code: 'not-allowed', message: /okswap/ },
  );
});
