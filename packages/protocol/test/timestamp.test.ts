import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError, Timestamp, toTimestamp } from '../src/index.ts';

function isInvalidParam(pattern: RegExp) {
  return (err: unknown) =>
    err instanceof OtsError && err.code === 'invalid-param' && pattern.test(err.message);
}

test('ISO times with an offset and microseconds round-trip exactly', () => {
  const ts = Timestamp.parse('2018-01-02T00:01:53.352549+08:00');
  assert.equal(ts.epochMicros, 1514822513352549);
  assert.equal(ts.offsetMinutes, 480);
  assert.equal(ts.toIso(), '2018-01-02T00:01:53.352549+08:00');
  assert.equal(ts.toEpochSeconds(), 1514822513.352549);
});

test('Z and +0800 are read; output is Python isoformat with +HH:MM', () => {
  assert.equal(Timestamp.parse('2018-05-03T07:30:00Z').toIso(), '2018-05-03T07:30:00+00:00');
  assert.equal(Timestamp.parse('2018-05-03T07:30:00z').toIso(), '2018-05-03T07:30:00+00:00');
  assert.equal(Timestamp.parse('2018-05-03T15:30:00+0800').toIso(), '2018-05-03T15:30:00+08:00');
  assert.equal(Timestamp.parse('2018-05-03 15:30:00-05:30').toIso(), '2018-05-03T15:30:00-05:30');
  assert.equal(Timestamp.parse('2018-05-03T07:30:00Z').toEpochSeconds(), 1525332600);
});

test('the microsecond part is left out when it is 0 and kept with trailing zeros otherwise', () => {
  assert.equal(Timestamp.parse('2018-05-03T16:16:41.000000+08:00').toIso(), '2018-05-03T16:16:41+08:00');
  assert.equal(Timestamp.parse('2018-05-03T16:16:41.6304+08:00').toIso(), '2018-05-03T16:16:41.630400+08:00');
  assert.equal(Timestamp.parse('2018-05-03T08:14:20.307+00:00').toIso(), '2018-05-03T08:14:20.307000+00:00');
});

test('fraction digits beyond the microsecond are cut off, not rounded', () => {
  const ts = Timestamp.parse('2018-05-03T08:14:20.123456999Z');
  assert.equal(ts.epochMicros % 1_000_000, 123456);
  assert.equal(Timestamp.parse('2018-05-03T08:14:20.1Z').epochMicros % 1_000_000, 100000);
});

test('epoch seconds round-trip to the microsecond, as Python fromtimestamp/timestamp do', () => {
  for (const secs of [1514822513.352549, 1525335401.6304, 1525335260.307, -1e-6, 0, 1527401596.654875]) {
    const ts = Timestamp.fromEpochSeconds(secs);
    assert.equal(ts.toEpochSeconds(), secs);
  }
  assert.equal(Timestamp.fromEpochSeconds(-1e-6).toIso(), '1969-12-31T23:59:59.999999+00:00');
  assert.equal(
    Timestamp.fromEpochSeconds(1514822513.352549, 480).toIso(),
    '2018-01-02T00:01:53.352549+08:00',
  );
  // A half microsecond rounds to even, like CPython: .0000005 -> 0, .0000015 -> 2.
  assert.equal(Timestamp.fromEpochSeconds(0.5e-6).epochMicros, 0);
  assert.equal(Timestamp.fromEpochSeconds(1.5e-6).epochMicros, 2);
});

test('dates, offsets and instants', () => {
  const date = new Date('2018-05-03T07:30:00.123Z');
  const ts = Timestamp.fromDate(date, 480);
  assert.equal(ts.toIso(), '2018-05-03T15:30:00.123000+08:00');
  assert.equal(ts.toDate().getTime(), date.getTime());
  assert.equal(ts.withOffset(0).toIso(), '2018-05-03T07:30:00.123000+00:00');
  assert.ok(ts.equals(ts.withOffset(-300)));
  assert.equal(ts.toIsoZulu(), '2018-05-03T07:30:00.123000Z');
  assert.equal(Timestamp.fromEpochMicros(1525332600000001).toDate().getTime(), 1525332600000);
  assert.equal(Timestamp.fromEpochMicros(-1).toDate().getTime(), -1);
  assert.equal(JSON.stringify({ t: ts }), '{"t":"2018-05-03T15:30:00.123000+08:00"}');
  assert.equal(Timestamp.fromEpochMicros(0, -0).toIso(), '1970-01-01T00:00:00+00:00');
});

test('leap days and years far from 1970 format like Python', () => {
  assert.equal(
    Timestamp.parse('2000-02-29T23:59:59.999999+00:00').toIso(),
    '2000-02-29T23:59:59.999999+00:00',
  );
  assert.equal(Timestamp.parse('1700-03-01T00:00:00+00:00').epochMicros, -8515238400000000);
  assert.equal(Timestamp.parse('2250-12-31T23:00:00-00:59').toIso(), '2250-12-31T23:00:00-00:59');
});

test('toTimestamp accepts every time input the protocol uses', () => {
  const iso = '2018-01-02T00:01:53.352549+08:00';
  const ts = Timestamp.parse(iso);
  assert.equal(toTimestamp(ts), ts);
  assert.equal(toTimestamp(iso).toIso(), iso);
  assert.equal(toTimestamp(1514822513.352549).epochMicros, ts.epochMicros);
  assert.equal(toTimestamp(new Date(1514822513352)).epochMicros, 1514822513352000);
});

test('malformed times are refused with invalid-param naming the value', () => {
  for (const bad of [
    '',
    'yesterday',
    '2018-01-02',
    '2018-01-02T00:01:53', // no offset: protocol times are aware
    '2018-01-02T00:01:53.+08:00',
    '2018-01-02T00:01:53.1234567890Z',
    '2018-1-02T00:01:53Z',
    '2018-01-02T00:01:53+8:00',
    ' 2018-01-02T00:01:53Z',
  ]) {
    assert.throws(
      () => Timestamp.parse(bad),
      (err: unknown) =>
        err instanceof OtsError && err.message.startsWith(`invalid time ${JSON.stringify(bad)}: expected`),
      bad,
    );
  }
  assert.throws(() => Timestamp.parse('2018-02-29T00:00:00Z'), isInvalidParam(/no such date/));
  assert.throws(() => Timestamp.parse('2018-13-01T00:00:00Z'), isInvalidParam(/no such date/));
  assert.throws(() => Timestamp.parse('2018-01-01T24:00:00Z'), isInvalidParam(/no such time of day/));
  assert.throws(() => Timestamp.parse('2018-01-01T23:59:60Z'), isInvalidParam(/no such time of day/));
  assert.throws(() => Timestamp.parse('2018-01-01T00:00:00+24:00'), isInvalidParam(/bad UTC offset/));
  assert.throws(() => Timestamp.parse('9999-01-01T00:00:00Z'), isInvalidParam(/outside years/));
  assert.throws(() => Timestamp.parse(42 as unknown as string), isInvalidParam(/invalid time 42/));
});

test('bad numbers, dates and offsets are refused', () => {
  assert.throws(() => Timestamp.fromEpochSeconds(Number.NaN), isInvalidParam(/epoch seconds NaN/));
  assert.throws(() => Timestamp.fromEpochSeconds(Number.POSITIVE_INFINITY), isInvalidParam(/Infinity/));
  assert.throws(() => Timestamp.fromEpochMicros(1.5), isInvalidParam(/epoch microseconds 1.5/));
  assert.throws(() => Timestamp.fromEpochMicros(2 ** 53), isInvalidParam(/epoch microseconds/));
  assert.throws(() => Timestamp.fromDate(new Date('nope')), isInvalidParam(/invalid Date/));
  assert.throws(() => Timestamp.fromEpochMicros(0, 1440), isInvalidParam(/UTC offset 1440/));
  assert.throws(() => Timestamp.fromEpochMicros(0, 0.5), isInvalidParam(/UTC offset 0.5/));
  assert.throws(
    () => toTimestamp({} as unknown as string, 'exchange_time'),
    isInvalidParam(/^exchange_time must be/),
  );
  assert.throws(
    () => toTimestamp('soon', 'exchange_time'),
    isInvalidParam(/^exchange_time: invalid time "soon"/),
  );
  assert.throws(() => toTimestamp(new Date(Number.NaN), 'time'), isInvalidParam(/^time is an invalid Date/));
});

test('now() is the current instant in UTC', () => {
  const before = Date.now();
  const now = Timestamp.now();
  const after = Date.now();
  assert.equal(now.offsetMinutes, 0);
  assert.ok(now.toDate().getTime() >= before && now.toDate().getTime() <= after);
});
