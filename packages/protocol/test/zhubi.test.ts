import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError, Zhubi } from '../src/index.ts';

// The protocol documentation's zhubi item (single-zhubi-verbose data, REST zhubi list).
const WIRE = {
  amount: 0.21,
  bs: 's',
  contract: 'bitfinex/btc.usd',
  exchange_time: '2018-05-03T08:14:20.307000+00:00',
  price: 9231.8,
  time: '2018-05-03T16:14:20.541068+08:00',
};

// The documentation's v3 short form, with concrete price, quantity and turnover.
const V3 = {
  p: 7291.5,
  a: 0.05,
  v: 2563.8,
  bs: 'b',
  c: 'huobip/btc.usdt',
  t: 1528435679.272815,
  et: 1528435679.297,
};

function invalidParam(pattern: RegExp) {
  return (err: unknown) =>
    err instanceof OtsError && err.code === 'invalid-param' && pattern.test(err.message);
}

test('fromDict reads the documented zhubi and toVerbose writes it back key for key', () => {
  const zhubi = Zhubi.fromDict(WIRE);
  assert.equal(zhubi.amount, 0.21);
  assert.equal(zhubi.bs, 's');
  assert.equal(zhubi.price, 9231.8);
  assert.equal(zhubi.time.getTime(), Date.parse('2018-05-03T08:14:20.541Z'));
  assert.equal(zhubi.exchange_time?.getTime(), Date.parse('2018-05-03T08:14:20.307Z'));
  assert.deepEqual(zhubi.toVerbose(), WIRE);
  assert.deepEqual(Object.keys(zhubi.toVerbose()), Object.keys(WIRE));
  assert.equal(JSON.stringify(zhubi), JSON.stringify(WIRE));
  assert.deepEqual(Zhubi.fromDict(JSON.stringify(WIRE)).toVerbose(), WIRE);
});

test('a zhubi without exchange time writes exchange_time null; source is written when set', () => {
  const zhubi = new Zhubi({ time: 0, contract: 'sim/btc.usdt', price: 1, amount: 2, bs: 'b', source: 'sim' });
  assert.deepEqual(zhubi.toVerbose(), {
    amount: 2,
    bs: 'b',
    contract: 'sim/btc.usdt',
    exchange_time: null,
    price: 1,
    time: '1970-01-01T00:00:00+00:00',
    source: 'sim',
  });
  const back = Zhubi.fromDict(zhubi.toVerbose());
  assert.equal(back.exchangeTimestamp, null);
  assert.equal(back.source, 'sim');
  assert.equal(Zhubi.fromDict({ ...WIRE, exchange_time: undefined }).exchange_time, null);
});

test('the v3 short form round-trips, times as float epoch seconds', () => {
  const zhubi = Zhubi.fromV3(V3);
  assert.equal(zhubi.turnover, 2563.8);
  assert.equal(zhubi.timestamp.epochMicros, 1528435679272815);
  assert.equal(zhubi.exchangeTimestamp?.epochMicros, 1528435679297000);
  assert.deepEqual(zhubi.toV3(), V3);
  assert.deepEqual(Object.keys(zhubi.toV3()), ['p', 'a', 'v', 'bs', 'c', 't', 'et']);
  assert.deepEqual(Zhubi.fromV3(JSON.stringify(V3)).toV3(), V3);
  const bare = Zhubi.fromV3({ p: 1, a: 2, bs: 's', c: 'x/y.z', t: 1.5 });
  assert.deepEqual(bare.toV3(), { p: 1, a: 2, bs: 's', c: 'x/y.z', t: 1.5 });
  assert.equal(bare.timestamp.toIso(), '1970-01-01T00:00:01.500000+00:00');
});

test('the verbose form converts to v3 and back without losing the instant', () => {
  const zhubi = Zhubi.fromDict(WIRE);
  const back = Zhubi.fromV3(zhubi.toV3());
  assert.equal(back.timestamp.epochMicros, zhubi.timestamp.epochMicros);
  assert.equal(back.exchangeTimestamp?.epochMicros, zhubi.exchangeTimestamp?.epochMicros);
  // v3 carries no offset: the time comes back in UTC.
  assert.equal(back.toVerbose().time, '2018-05-03T08:14:20.541068+00:00');
});

test('malformed zhubi are refused naming the key', () => {
  for (const key of ['time', 'contract', 'price', 'amount', 'bs']) {
    const missing: Record<string, unknown> = { ...WIRE };
    delete missing[key];
    assert.throws(() => Zhubi.fromDict(missing), invalidParam(new RegExp(`^zhubi ${key} is missing`)), key);
  }
  assert.throws(
    () => Zhubi.fromDict({ ...WIRE, bs: 'buy' }),
    invalidParam(/^zhubi bs is "buy": expected "b" or "s"/),
  );
  assert.throws(() => Zhubi.fromDict({ ...WIRE, price: '9231.8' }), invalidParam(/^zhubi price is "9231.8"/));
  assert.throws(
    () => Zhubi.fromDict({ ...WIRE, exchange_time: 'x' }),
    invalidParam(/^zhubi exchange_time: invalid time "x"/),
  );
  assert.throws(() => Zhubi.fromDict({ ...WIRE, source: 5 }), invalidParam(/^zhubi source is 5/));
  assert.throws(() => Zhubi.fromDict('[]'), invalidParam(/^zhubi must be a JSON object/));
  assert.throws(() => Zhubi.fromDict('{'), invalidParam(/^zhubi is not valid JSON/));
  for (const key of ['p', 'a', 'bs', 'c', 't']) {
    const missing: Record<string, unknown> = { ...V3 };
    delete missing[key];
    assert.throws(() => Zhubi.fromV3(missing), invalidParam(new RegExp(`^zhubi v3 ${key} is missing`)), key);
  }
  assert.throws(() => Zhubi.fromV3({ ...V3, et: '1' }), invalidParam(/^zhubi v3 et is "1"/));
  assert.throws(() => Zhubi.fromV3({ ...V3, v: false }), invalidParam(/^zhubi v3 v is false/));
});

test('bad constructor fields are refused naming the field', () => {
  const good = { time: 0, contract: 'sim/btc.usdt', price: 1, amount: 1, bs: 'b' as const };
  assert.throws(
    () => new Zhubi({ ...good, contract: '' }),
    invalidParam(/^zhubi contract must be a non-empty string/),
  );
  assert.throws(
    () => new Zhubi({ ...good, price: Number.NaN }),
    invalidParam(/^zhubi price must be a finite number/),
  );
  assert.throws(
    () => new Zhubi({ ...good, amount: undefined as never }),
    invalidParam(/^zhubi amount must be/),
  );
  assert.throws(
    () => new Zhubi({ ...good, bs: 'x' as never }),
    invalidParam(/^zhubi bs must be "b" or "s", got "x"/),
  );
  assert.throws(() => new Zhubi({ ...good, turnover: Number.NaN }), invalidParam(/^zhubi turnover must be/));
  assert.throws(() => new Zhubi({ ...good, source: 1 as never }), invalidParam(/^zhubi source must be/));
  assert.throws(
    () => new Zhubi({ ...good, time: 'later' }),
    invalidParam(/^zhubi time: invalid time "later"/),
  );
  assert.throws(() => new Zhubi(undefined as never), invalidParam(/^Zhubi expects an object/));
});
