/**
 * Client ids on HTX, Bitfinex, Poloniex and Bithumb: the client_oid's own part where the exchange
 * takes it, otherwise a deterministic digest in the exchange's alphabet (integers for Bitfinex's
 * `cid` and HTX contract orders).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeClientId } from '../src/venues/live/client-id.js';
import { LIVE_EXCHANGES, type LiveExchangeProfile } from '../src/venues/live/exchanges.js';

const profile = (code: string) => LIVE_EXCHANGES[code] as LiveExchangeProfile;
const SUFFIX = '20261125120000abcdefgh000001';

test('HTX spot, Poloniex and Bithumb take the client_oid suffix as it is', () => {
  assert.equal(exchangeClientId(profile('huobip'), 'huobip/btc.usdt', `huobip/btc.usdt-${SUFFIX}`), SUFFIX);
  assert.equal(
    exchangeClientId(profile('poloniex'), 'poloniex/btc.usdt', `poloniex/btc.usdt-${SUFFIX}`),
    SUFFIX,
  );
  assert.equal(exchangeClientId(profile('bithumb'), 'bithumb/btc.krw', `bithumb/btc.krw-${SUFFIX}`), SUFFIX);
});

test("Bitfinex's cid is a 13-digit integer below 2^45, the same for the same client_oid", () => {
  const cid = exchangeClientId(profile('bitfinex'), 'bitfinex/btc.usd', `bitfinex/btc.usd-${SUFFIX}`);
  assert.match(cid, /^[1-9][0-9]{12}$/);
  assert.ok(Number(cid) < 2 ** 45);
  assert.equal(exchangeClientId(profile('bitfinex'), 'bitfinex/btc.usd', `bitfinex/btc.usd-${SUFFIX}`), cid);
  assert.notEqual(
    exchangeClientId(profile('bitfinex'), 'bitfinex/btc.usd', `bitfinex/btc.usd-${SUFFIX}x`),
    cid,
  );
  // A numeric suffix that fits is used as it is.
  assert.equal(
    exchangeClientId(profile('bitfinex'), 'bitfinex/btc.usd', 'bitfinex/btc.usd-1764072000123'),
    '1764072000123',
  );
});

test('HTX contract ids: a PYSDK integer suffix (19 digits, below 2^63) as it is, anything else an 18-digit digest', () => {
  const pysdk = String((1_795_608_000n << 32n) + 12_345n);
  assert.equal(pysdk.length, 19);
  assert.equal(
    exchangeClientId(profile('huobiuswap'), 'huobiuswap/btc.usdt.td', `huobiuswap/btc.usdt.td-${pysdk}`),
    pysdk,
  );
  const digest = exchangeClientId(
    profile('huobiswap'),
    'huobiswap/btc.usd.td',
    `huobiswap/btc.usd.td-${SUFFIX}`,
  );
  assert.match(digest, /^[1-9][0-9]{17}$/);
  assert.ok(BigInt(digest) < 2n ** 63n);
  // 9.3e18 is above 2^63 - 1: digested, not sent.
  assert.notEqual(
    exchangeClientId(
      profile('huobiswap'),
      'huobiswap/btc.usd.td',
      'huobiswap/btc.usd.td-9300000000000000000',
    ),
    '9300000000000000000',
  );
});

test("a client_oid over Bithumb's 36 characters becomes a 36-character digest of letters and digits", () => {
  const id = exchangeClientId(profile('bithumb'), 'bithumb/btc.krw', `bithumb/btc.krw-${'a'.repeat(40)}`);
  assert.match(id, /^[a-z0-9]{36}$/);
});
