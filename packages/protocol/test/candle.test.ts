import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CANDLE_DURATION_SECONDS,
  CANDLE_DURATIONS,
  Candle,
  candleDurationSeconds,
  candleStart,
  isCandleDuration,
  OtsError,
  Timestamp,
} from '../src/index.ts';

// The protocol documentation's candle (2018 bare push) and the 2020 push with its uri.
const WIRE = {
  amount: 16592.4,
  close: 9220.11,
  high: 9221,
  low: 9220.07,
  open: 9220.07,
  volume: 0.3,
  contract: 'huobip/btc.usdt',
  duration: '1m',
  time: '2018-05-03T07:30:00Z',
};
const PUSH = { uri: 'single-candle', ...WIRE };

function invalidParam(pattern: RegExp) {
  return (err: unknown) =>
    err instanceof OtsError && err.code === 'invalid-param' && pattern.test(err.message);
}

test('the durations and their lengths in seconds', () => {
  assert.deepEqual([...CANDLE_DURATIONS], ['1m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '1d', '1w']);
  assert.deepEqual(
    CANDLE_DURATIONS.map((d) => CANDLE_DURATION_SECONDS[d]),
    [60, 300, 900, 1800, 3600, 7200, 14400, 21600, 86400, 604800],
  );
  assert.equal(candleDurationSeconds('4h'), 14400);
  assert.ok(isCandleDuration('1w'));
  assert.ok(!isCandleDuration('1day'));
  assert.ok(!isCandleDuration('toString'));
  assert.throws(
    () => candleDurationSeconds('3m'),
    invalidParam(/^unknown candle duration "3m": expected one of 1m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 1d, 1w/),
  );
});

test('candleStart floors a time to its candle start in UTC, weeks from Monday', () => {
  const t = '2018-05-03T07:34:56.789+00:00'; // a Thursday
  const iso = (d: Parameters<typeof candleStart>[1]) => candleStart(t, d).toIso();
  assert.equal(iso('1m'), '2018-05-03T07:34:00+00:00');
  assert.equal(iso('5m'), '2018-05-03T07:30:00+00:00');
  assert.equal(iso('15m'), '2018-05-03T07:30:00+00:00');
  assert.equal(iso('30m'), '2018-05-03T07:30:00+00:00');
  assert.equal(iso('1h'), '2018-05-03T07:00:00+00:00');
  assert.equal(iso('2h'), '2018-05-03T06:00:00+00:00');
  assert.equal(iso('4h'), '2018-05-03T04:00:00+00:00');
  assert.equal(iso('6h'), '2018-05-03T06:00:00+00:00');
  assert.equal(iso('1d'), '2018-05-03T00:00:00+00:00');
  assert.equal(iso('1w'), '2018-04-30T00:00:00+00:00'); // the Monday before
  // A Monday at midnight starts its own week; the input's offset is kept for writing.
  assert.equal(candleStart('2018-05-07T08:00:00+08:00', '1w').toIso(), '2018-05-07T08:00:00+08:00');
  assert.equal(candleStart('2018-05-07T07:59:59+08:00', '1w').toIso(), '2018-04-30T08:00:00+08:00');
  // Before the epoch the floor still goes back in time.
  assert.equal(candleStart(-0.5, '1m').toIso(), '1969-12-31T23:59:00+00:00');
  assert.equal(
    candleStart(new Date(Date.UTC(2018, 4, 3, 7, 59, 59)), '1h').toIso(),
    '2018-05-03T07:00:00+00:00',
  );
  assert.ok(candleStart(Timestamp.parse(t), '1m') instanceof Timestamp);
  assert.throws(() => candleStart(t, '2m' as never), invalidParam(/unknown candle duration "2m"/));
});

test('fromDict reads the bare, the uri and the data-wrapped forms', () => {
  for (const input of [
    WIRE,
    PUSH,
    { data: WIRE },
    { uri: 'single-candle', data: WIRE },
    JSON.stringify(PUSH),
  ]) {
    const candle = Candle.fromDict(input);
    assert.equal(candle.open, 9220.07);
    assert.equal(candle.high, 9221);
    assert.equal(candle.low, 9220.07);
    assert.equal(candle.close, 9220.11);
    assert.equal(candle.volume, 0.3);
    assert.equal(candle.amount, 16592.4);
    assert.equal(candle.contract, 'huobip/btc.usdt');
    assert.equal(candle.duration, '1m');
    assert.equal(candle.time.toISOString(), '2018-05-03T07:30:00.000Z');
  }
});

test('toDict and toPush write the documented forms key for key', () => {
  const candle = Candle.fromDict(WIRE);
  assert.deepEqual(candle.toDict(), WIRE);
  assert.deepEqual(Object.keys(candle.toDict()), Object.keys(WIRE));
  assert.equal(JSON.stringify(candle.toPush()), JSON.stringify(PUSH));
  assert.equal(JSON.stringify(candle), JSON.stringify(WIRE));
  // Any input offset is written in UTC with Z.
  const eastern = new Candle({ ...WIRE, duration: '1d', time: '2018-05-03T08:00:00+08:00' });
  assert.equal(eastern.toDict().time, '2018-05-03T00:00:00Z');
  const noAmount = Candle.fromDict({ ...WIRE, amount: undefined });
  assert.equal(noAmount.amount, null);
  assert.deepEqual(Object.keys(noAmount.toDict()), [
    'close',
    'high',
    'low',
    'open',
    'volume',
    'contract',
    'duration',
    'time',
  ]);
  assert.deepEqual(Candle.fromDict(noAmount.toPush()).toDict(), noAmount.toDict());
});

test('malformed candles are refused naming the key', () => {
  for (const key of ['time', 'open', 'high', 'low', 'close', 'volume', 'contract', 'duration']) {
    const missing: Record<string, unknown> = { ...WIRE };
    delete missing[key];
    assert.throws(() => Candle.fromDict(missing), invalidParam(new RegExp(`^candle ${key} is missing`)), key);
  }
  assert.throws(
    () => Candle.fromDict({ ...WIRE, duration: '1day' }),
    invalidParam(/^candle duration is "1day": expected one of/),
  );
  assert.throws(() => Candle.fromDict({ ...WIRE, high: '9221' }), invalidParam(/^candle high is "9221"/));
  assert.throws(() => Candle.fromDict({ ...WIRE, amount: 'x' }), invalidParam(/^candle amount is "x"/));
  assert.throws(
    () => Candle.fromDict({ ...WIRE, time: 1525332600 }),
    invalidParam(/^candle time is 1525332600: expected an ISO/),
  );
  assert.throws(() => Candle.fromDict({ data: 'nope' }), invalidParam(/^candle data is not valid JSON/));
  assert.throws(() => Candle.fromDict({ data: [1] }), invalidParam(/^candle data must be a JSON object/));
  assert.throws(() => Candle.fromDict(7), invalidParam(/^candle must be a JSON object, got 7/));
});

test('bad constructor fields are refused naming the field', () => {
  const good = { ...WIRE, duration: '1m' as const };
  assert.throws(
    () => new Candle({ ...good, open: Number.NaN }),
    invalidParam(/^candle open must be a finite number/),
  );
  assert.throws(
    () => new Candle({ ...good, contract: '' }),
    invalidParam(/^candle contract must be a non-empty/),
  );
  assert.throws(
    () => new Candle({ ...good, duration: '1M' as never }),
    invalidParam(/^unknown candle duration "1M"/),
  );
  assert.throws(() => new Candle({ ...good, amount: Number.NaN }), invalidParam(/^candle amount must be/));
  assert.throws(() => new Candle({ ...good, time: 'x' }), invalidParam(/^candle time: invalid time "x"/));
  assert.throws(() => new Candle(null as never), invalidParam(/^Candle expects an object/));
});
