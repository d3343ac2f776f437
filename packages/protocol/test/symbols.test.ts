import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatAccount,
  formatContract,
  isMockAccount,
  normaliseContract,
  parseAccount,
  parseContract,
} from '../src/index.ts';

test('a spot contract splits into exchange, base and quote', () => {
  assert.deepEqual(parseContract('okex/btc.usdt'), {
    exchange: 'okex',
    base: 'btc',
    quote: 'usdt',
    name: 'btc.usdt',
    symbol: 'okex/btc.usdt',
  });
});

test('every delivery suffix of the protocol is read', () => {
  for (const delivery of ['t', 'n', 'q', 'b', 'i', 'td']) {
    const c = parseContract(`okef/btc.usd.${delivery}`);
    assert.equal(c.delivery, delivery);
    assert.equal(c.name, `btc.usd.${delivery}`);
    assert.equal(c.symbol, `okef/btc.usd.${delivery}`);
  }
  assert.equal(parseContract('okef/btc.usdt.q').quote, 'usdt');
  assert.equal(parseContract('huobiuswap/btc.usdt.td').exchange, 'huobiuswap');
  const dated = parseContract('bitmex/eth.btc.2018-06-29');
  assert.deepEqual([dated.base, dated.quote, dated.delivery], ['eth', 'btc', '2018-06-29']);
  assert.equal(parseContract('binanced/btc.usd.2024-02-29').delivery, '2024-02-29');
  assert.equal(parseContract('bitmex/btc.usd').delivery, undefined);
});

test('a contract read twice reads the same, and no caller can change what the next one gets', () => {
  const first = parseContract('okex/btc.usdt');
  assert.throws(() => {
    (first as { symbol: string }).symbol = 'okex/eth.usdt';
  }, TypeError);
  assert.equal(parseContract('okex/btc.usdt').symbol, 'okex/btc.usdt');
  assert.deepEqual(parseContract('OKEX/BTC.USDT'), first);
  // A refusal is refused again with its message, whatever was read before.
  assert.throws(() => parseContract('okex/btc'), /has no quote currency/);
  assert.throws(() => parseContract('okex/btc'), /has no quote currency/);
});

test('upper-case input is accepted and lower-cased', () => {
  assert.equal(normaliseContract('OKEX/BTC.USDT'), 'okex/btc.usdt');
  assert.equal(normaliseContract('Okswap/Btc.Usd.TD'), 'okswap/btc.usd.td');
});

test('legacy forms are read and normalised to {exchange}/{base}.{quote}', () => {
  assert.equal(normaliseContract('ltc.btc:xtc.okex'), 'okex/ltc.btc');
  assert.equal(normaliseContract('btc.usdt:huobip'), 'huobip/btc.usdt');
  assert.equal(normaliseContract('bch.btc:xtc.huobip'), 'huobip/bch.btc');
  assert.equal(normaliseContract('adx.eth:exchange.xtc.binance'), 'binance/adx.eth');
  assert.equal(normaliseContract('binance:btc.usdt'), 'binance/btc.usdt');
  assert.deepEqual(parseContract('ltc.btc:xtc.okex'), parseContract('okex/ltc.btc'));
  assert.equal(normaliseContract('okex/ltc.btc'), 'okex/ltc.btc');
});

test('bad contracts are invalid-param naming the bad part', () => {
  const cases: Array<[string, RegExp]> = [
    [
      'okex/btc',
      /^contract 'okex\/btc' has no quote currency: expected \{exchange\}\/\{base\}\.\{quote\}\[\.\{delivery\}\]$/,
    ],
    ['', /^contract '' is empty/],
    ['btcusdt', /has no exchange/],
    ['/btc.usdt', /has an empty exchange/],
    ['ok ex/btc.usdt', /has an invalid exchange 'ok ex'/],
    ['okex/', /has no base or quote currency/],
    ['okex/.usdt', /has an empty base currency/],
    ['okex/btc.', /has an empty quote currency/],
    ['okex/b$c.usdt', /has an invalid base currency 'b\$c'/],
    ['okex/btc.us-dt', /has an invalid quote currency 'us-dt'/],
    ['okex/btc.usdt/x', /has more than one "\/"/],
    [
      'okef/btc.usd.x',
      /has an unknown delivery 'x': expected a delivery of t, n, q, b, i, td or a date YYYY-MM-DD/,
    ],
    ['okef/btc.usd.', /has an empty delivery/],
    ['okef/btc.usd.q.x', /has 4 dot-separated parts/],
    ['bitmex/eth.btc.2018-02-30', /delivery date '2018-02-30' that is not a calendar date/],
    ['bitmex/eth.btc.2019-02-29', /not a calendar date/],
    ['bitmex/eth.btc.2018-13-01', /not a calendar date/],
    ['bitmex/eth.btc.2018-6-29', /unknown delivery '2018-6-29'/],
    ['ltc.btc:abc.okex', /unknown legacy exchange symbol 'abc\.okex': expected a legacy exchange symbol/],
    ['btc.usdt:', /has an empty exchange/],
    ['a:b:c', /more than one ":"/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseContract(input),
      { name: 'OtsError', code: 'invalid-param', status: 400, message },
      input,
    );
  }
  assert.throws(() => parseContract(42 as unknown as string), {
    code: 'invalid-param',
    message: /is not a string/,
  });
});

test('formatContract builds a symbol from checked parts', () => {
  assert.equal(formatContract({ exchange: 'okex', base: 'btc', quote: 'usdt' }), 'okex/btc.usdt');
  assert.equal(
    formatContract({ exchange: 'okef', base: 'BTC', quote: 'usd', delivery: 'q' }),
    'okef/btc.usd.q',
  );
  assert.equal(
    formatContract({ exchange: 'bitmex', base: 'eth', quote: 'btc', delivery: '2018-06-29' }),
    'bitmex/eth.btc.2018-06-29',
  );
  assert.throws(() => formatContract({ exchange: 'okex', base: 'btc.x', quote: 'usdt' }), {
    code: 'invalid-param',
    message: /invalid base currency 'btc\.x'/,
  });
  assert.throws(() => formatContract({ exchange: 'okex', base: 'btc', quote: '' }), {
    message: /empty quote currency/,
  });
  assert.throws(() => formatContract({ exchange: 'okef', base: 'btc', quote: 'usd', delivery: 'w' }), {
    message: /unknown delivery 'w'/,
  });
});

test('account symbols split on the first "/", with an optional margin pair', () => {
  assert.deepEqual(parseAccount('okex/demo1'), { exchange: 'okex', name: 'demo1', symbol: 'okex/demo1' });
  assert.deepEqual(parseAccount('huobim/acc/BTC.usdt'), {
    exchange: 'huobim',
    name: 'acc',
    margin: 'btc.usdt',
    symbol: 'huobim/acc/btc.usdt',
  });
  assert.deepEqual(parseAccount('OKEX/Demo-Account'), {
    exchange: 'okex',
    name: 'Demo-Account',
    symbol: 'okex/Demo-Account',
  });
  // The btp form `{name}@{exchange symbol}`.
  assert.equal(parseAccount('tyz@huobip').symbol, 'huobip/tyz');
  assert.equal(parseAccount('leo@xtc.mock').symbol, 'mock/leo');
  assert.throws(() => parseAccount('leo@abc.mock'), {
    code: 'invalid-param',
    message: /unknown legacy exchange symbol 'abc\.mock'/,
  });
  assert.throws(() => parseAccount('@huobip'), { code: 'invalid-param', message: /has an empty name/ });
  assert.equal(formatAccount({ exchange: 'huobip', name: 'mock-1token' }), 'huobip/mock-1token');
  assert.equal(formatAccount({ exchange: 'huobim', name: 'acc', margin: 'btc.usdt' }), 'huobim/acc/btc.usdt');
});

test('bad account symbols are invalid-param naming the bad part', () => {
  const cases: Array<[string, RegExp]> = [
    ['okex', /^account 'okex' has no "\/" between exchange and name: expected \{exchange\}\/\{name\}/],
    ['', /is empty/],
    ['okex/', /has an empty name/],
    ['/demo', /has an empty exchange/],
    ['okex/de mo', /has a name with characters other than/],
    [`okex/${'a'.repeat(65)}`, /has a name of 65 characters/],
    ['huobim/acc/btc', /margin part that is not a pair/],
    ['huobim/acc/btc.', /empty quote currency/],
    ['huobim/acc/btc.usdt/x', /has 4 "\/"-separated parts/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseAccount(input), { code: 'invalid-param', message }, input);
  }
  assert.equal(parseAccount(`okex/${'a'.repeat(64)}`).name.length, 64);
});

test('mock accounts are the ones named mock or mock-*', () => {
  assert.equal(isMockAccount('mock-1token'), true);
  assert.equal(isMockAccount('huobip/mock-demo'), true);
  assert.equal(isMockAccount('okef/mock'), true);
  assert.equal(isMockAccount('huobim/mock-acc/btc.usdt'), true);
  assert.equal(isMockAccount('okef/mockery'), false);
  assert.equal(isMockAccount('demo-mock-1'), false);
  assert.equal(isMockAccount('okex/demo1'), false);
});
