import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError, Tick, Timestamp } from '../src/index.ts';

// The reference's short-list vector: the Python SDK's to_ws_str() output for this tick.
const ADX_INIT = {
  time: '2018-01-02T00:01:53.352549+08:00',
  price: 0.0038349,
  volume: 3.0,
  bids: [
    { price: 0.0037976, volume: 3.0 },
    { price: 0.0037978, volume: 1136.0 },
  ],
  asks: [
    { price: 0.0038746, volume: 94.0 },
    { price: 0.0038745, volume: 1166.0 },
  ],
  contract: 'binance/adx.eth',
};
const ADX_WS_STR =
  '["binance/adx.eth", 1514822513.352549, 0.0038349, 3.0, "0.0037978,1136.0,0.0037976,3.0", "0.0038745,1166.0,0.0038746,94.0"]';

// The verbose wire tick of the protocol documentation (single-tick-verbose data).
const BITFINEX_WIRE = {
  asks: [
    { price: 9218.5, volume: 1.7371 },
    { price: 9219.0, volume: 2 },
  ],
  bids: [
    { price: 9218.4, volume: 0.81871728 },
    { price: 9217.0, volume: 0.5 },
  ],
  contract: 'bitfinex/btc.usd',
  last: 9219.3,
  time: '2018-05-03T16:16:41.630400+08:00',
  exchange_time: '2018-05-03T16:16:41.450400+08:00',
  amount: 16592.4,
  volume: 0.3,
};

function invalidParam(pattern: RegExp) {
  return (err: unknown) =>
    err instanceof OtsError && err.code === 'invalid-param' && pattern.test(err.message);
}

test('toWsStr reproduces the Python SDK short list byte for byte', () => {
  const tick = new Tick(ADX_INIT);
  assert.equal(tick.toWsStr(), ADX_WS_STR);
  assert.deepEqual(tick.toShortList(), [
    'binance/adx.eth',
    1514822513.352549,
    0.0038349,
    3,
    '0.0037978,1136.0,0.0037976,3.0',
    '0.0038745,1166.0,0.0038746,94.0',
  ]);
});

test('bids are sorted by price descending and asks ascending', () => {
  const tick = new Tick(ADX_INIT);
  assert.deepEqual(
    tick.bids.map((l) => l.price),
    [0.0037978, 0.0037976],
  );
  assert.deepEqual(
    tick.asks.map((l) => l.price),
    [0.0038745, 0.0038746],
  );
  assert.equal(tick.bid1, 0.0037978);
  assert.equal(tick.ask1, 0.0038745);
});

test('the weighted middle is the micro-price of the reference vectors', () => {
  assert.equal(new Tick(ADX_INIT).weightedMiddle, 0.0038356502172024326);
  assert.equal(Tick.fromDict(BITFINEX_WIRE).weightedMiddle, 9218.432033482455);
});

test('middle, bs1 and getInterestSide follow the original helpers', () => {
  const tick = Tick.fromDict(BITFINEX_WIRE);
  assert.equal(tick.middle, (9218.5 + 9218.4) / 2);
  assert.equal(tick.bs1('b'), 9218.4);
  assert.equal(tick.bs1('s'), 9218.5);
  assert.equal(tick.bs1('anything'), 9218.5);
  assert.equal(tick.getInterestSide('s'), tick.bids);
  assert.equal(tick.getInterestSide('b'), tick.asks);
  assert.equal(tick.getInterestSide('x'), undefined);
});

test('an empty side or zero best volumes give undefined helpers instead of throwing', () => {
  const empty = new Tick({ time: 0, price: 1 });
  assert.equal(empty.bid1, undefined);
  assert.equal(empty.ask1, undefined);
  assert.equal(empty.middle, undefined);
  assert.equal(empty.weightedMiddle, undefined);
  assert.equal(empty.volume, 0);
  const oneSided = new Tick({ time: 0, price: 1, bids: [{ price: 1, volume: 2 }] });
  assert.equal(oneSided.weightedMiddle, undefined);
  assert.equal(oneSided.middle, undefined);
  assert.equal(oneSided.bs1('s'), undefined);
  const zeroVolumes = new Tick({
    time: 0,
    price: 1,
    bids: [{ price: 1, volume: 0 }],
    asks: [{ price: 2, volume: 0 }],
  });
  assert.equal(zeroVolumes.weightedMiddle, undefined);
  // One side at zero volume still has an answer: the formula leans fully to that side's price.
  const bidEmptyVolume = new Tick({
    time: 0,
    price: 1,
    bids: [{ price: 1, volume: 0 }],
    asks: [{ price: 2, volume: 3 }],
  });
  assert.equal(bidEmptyVolume.weightedMiddle, 1);
});

test('last reads and writes the price; time reads as a Date and keeps microseconds in timestamp', () => {
  const tick = new Tick(ADX_INIT);
  assert.equal(tick.last, 0.0038349);
  tick.last = 0.004;
  assert.equal(tick.price, 0.004);
  assert.ok(tick.time instanceof Date);
  assert.equal(tick.time.getTime(), 1514822513352);
  assert.equal(tick.timestamp.toIso(), '2018-01-02T00:01:53.352549+08:00');
  assert.equal(tick.exchange_time, null);
  tick.exchange_time = '2018-01-02T00:01:53.1Z';
  assert.equal(tick.exchangeTimestamp?.toIso(), '2018-01-02T00:01:53.100000+00:00');
  tick.time = new Date(0);
  assert.equal(tick.timestamp.toIso(), '1970-01-01T00:00:00+00:00');
});

test('time and exchange_time accept a Timestamp, a Date, an ISO string or epoch seconds', () => {
  const iso = '2018-01-02T00:01:53.352549+08:00';
  const micros = 1514822513352549;
  for (const time of [Timestamp.parse(iso), iso, 1514822513.352549]) {
    const tick = new Tick({ time, price: 1, exchange_time: time });
    assert.equal(tick.timestamp.epochMicros, micros);
    assert.equal(tick.exchangeTimestamp?.epochMicros, micros);
  }
  assert.equal(new Tick({ time: new Date(1514822513352), price: 1 }).timestamp.epochMicros, 1514822513352000);
});

test('toVerbose writes the server wire tick with keys in the server order', () => {
  const tick = Tick.fromDict(BITFINEX_WIRE);
  const verbose = tick.toVerbose();
  assert.deepEqual(Object.keys(verbose), [
    'asks',
    'bids',
    'contract',
    'last',
    'time',
    'exchange_time',
    'amount',
    'volume',
  ]);
  assert.deepEqual(verbose, BITFINEX_WIRE);
  const minimal = new Tick({
    time: '2018-05-03T16:16:41+08:00',
    price: 1,
    contract: 'sim/btc.usdt',
    source: 'sim',
  });
  assert.deepEqual(Object.keys(minimal.toVerbose()), [
    'asks',
    'bids',
    'contract',
    'last',
    'time',
    'volume',
    'source',
  ]);
});

test('toVerboseJson is the JSON text of toVerbose, strings escaped', () => {
  const ticks = [
    Tick.fromDict(BITFINEX_WIRE),
    new Tick({ time: 0, price: 1e-7, volume: 1e21, contract: 'x/"quoted"\u00e9', source: 'line\nbreak' }),
    new Tick({ ...ADX_INIT, source: 'tick.v3', amount: 0 }),
  ];
  for (const tick of ticks) assert.equal(tick.toVerboseJson(), JSON.stringify(tick.toVerbose()));
  assert.equal(JSON.stringify(ticks[0]), ticks[0].toVerboseJson());
});

test('fromDict reads the wire tick from an object or JSON text, exchange_time and amount included', () => {
  for (const input of [BITFINEX_WIRE, JSON.stringify(BITFINEX_WIRE)]) {
    const tick = Tick.fromDict(input);
    assert.equal(tick.contract, 'bitfinex/btc.usd');
    assert.equal(tick.price, 9219.3);
    assert.equal(tick.volume, 0.3);
    assert.equal(tick.amount, 16592.4);
    assert.equal(tick.timestamp.toIso(), '2018-05-03T16:16:41.630400+08:00');
    assert.equal(tick.exchangeTimestamp?.toIso(), '2018-05-03T16:16:41.450400+08:00');
    assert.equal(tick.source, null);
  }
  const withNulls = Tick.fromDict({ ...BITFINEX_WIRE, exchange_time: null, amount: null, source: 'pubsub' });
  assert.equal(withNulls.exchangeTimestamp, null);
  assert.equal(withNulls.amount, null);
  assert.equal(withNulls.source, 'pubsub');
});

test('fromDict names the missing or ill-typed key', () => {
  for (const key of ['time', 'contract', 'volume', 'asks', 'bids', 'last']) {
    const missing: Record<string, unknown> = { ...BITFINEX_WIRE };
    delete missing[key];
    assert.throws(
      () => Tick.fromDict(missing),
      invalidParam(new RegExp(`^tick ${key} is missing: expected`)),
      key,
    );
    assert.throws(
      () => Tick.fromDict({ ...BITFINEX_WIRE, [key]: true }),
      invalidParam(new RegExp(`^tick ${key} is true: expected`)),
      key,
    );
  }
  assert.throws(
    () => Tick.fromDict({ ...BITFINEX_WIRE, last: Number.NaN }),
    invalidParam(/^tick last is NaN/),
  );
  assert.throws(() => Tick.fromDict({ ...BITFINEX_WIRE, amount: '1' }), invalidParam(/^tick amount is "1"/));
  assert.throws(() => Tick.fromDict({ ...BITFINEX_WIRE, source: 1 }), invalidParam(/^tick source is 1/));
  assert.throws(
    () => Tick.fromDict({ ...BITFINEX_WIRE, time: '2018-05-03 noon' }),
    invalidParam(/^tick time: invalid time "2018-05-03 noon"/),
  );
  assert.throws(
    () => Tick.fromDict({ ...BITFINEX_WIRE, exchange_time: 1525335401 }),
    invalidParam(/^tick exchange_time is 1525335401: expected an ISO time string or null/),
  );
  assert.throws(() => Tick.fromDict('{"last": '), invalidParam(/^tick is not valid JSON/));
  assert.throws(() => Tick.fromDict('[1, 2]'), invalidParam(/^tick must be a JSON object, got \[1,2\]/));
  assert.throws(() => Tick.fromDict(null), invalidParam(/^tick must be a JSON object, got null/));
});

test('bad book levels are refused naming the level', () => {
  const cases: Array<[unknown, RegExp]> = [
    [[{ price: 1 }], /^bids\[0\] must be \{price, volume\} with finite numbers, got \{"price":1\}/],
    [
      [
        { price: 1, volume: 1 },
        { price: '2', volume: 1 },
      ],
      /^bids\[1\] must be/,
    ],
    [[{ price: 1, volume: Number.POSITIVE_INFINITY }], /^bids\[0\] must be/],
    [[null], /^bids\[0\] must be .* got null/],
    [[[1, 2]], /^bids\[0\] must be .* got \[1,2\]/],
    ['1,2', /^bids must be an array of \{price, volume\}, got "1,2"/],
  ];
  for (const [bids, pattern] of cases) {
    assert.throws(() => new Tick({ time: 0, price: 1, bids: bids as never }), invalidParam(pattern));
  }
  assert.throws(
    () => Tick.fromDict({ ...BITFINEX_WIRE, asks: [{ price: 1, volume: null }] }),
    invalidParam(/^asks\[0\] must be/),
  );
  // Extra keys on a level are dropped, not refused (PYSDK accepted them).
  const tick = new Tick({ time: 0, price: 1, asks: [{ price: 2, volume: 1, count: 3 } as never] });
  assert.deepEqual(tick.asks, [{ price: 2, volume: 1 }]);
});

test('bad constructor fields are refused naming the field', () => {
  assert.throws(
    () => new Tick({ time: 0, price: Number.NaN }),
    invalidParam(/^tick price must be a finite number/),
  );
  assert.throws(
    () => new Tick({ time: 0, price: 1, volume: '3' as never }),
    invalidParam(/^tick volume must be/),
  );
  assert.throws(
    () => new Tick({ time: 0, price: 1, amount: Number.NaN }),
    invalidParam(/^tick amount must be/),
  );
  assert.throws(
    () => new Tick({ time: 0, price: 1, contract: 5 as never }),
    invalidParam(/^tick contract must be/),
  );
  assert.throws(() => new Tick({ time: 'now', price: 1 }), invalidParam(/^tick time: invalid time "now"/));
  assert.throws(() => new Tick({ time: undefined as never, price: 1 }), invalidParam(/^tick time must be/));
  assert.throws(
    () => new Tick({ time: 0, price: 1, exchange_time: {} as never }),
    invalidParam(/^tick exchange_time must be/),
  );
  assert.throws(() => new Tick(null as never), invalidParam(/^Tick expects an object/));
});

test('toVerbose and fromDict round-trip', () => {
  const original = new Tick({
    ...ADX_INIT,
    exchange_time: '2018-01-01T16:01:53.3Z',
    amount: 12.5,
    source: 'sim',
  });
  const back = Tick.fromDict(original.toVerboseJson());
  assert.deepEqual(back.toVerbose(), original.toVerbose());
  assert.equal(back.toWsStr(), ADX_WS_STR);
});

test('toDict writes price and symbol; fromDct reads them back', () => {
  const tick = new Tick({ ...ADX_INIT, exchange_time: '2018-01-02T00:01:53+08:00', source: 's', amount: 1 });
  const dict = tick.toDict();
  assert.deepEqual(Object.keys(dict), ['time', 'price', 'volume', 'asks', 'bids', 'exchange_time', 'symbol']);
  assert.equal(dict.time, '2018-01-02T00:01:53.352549+08:00');
  assert.equal(dict.symbol, 'binance/adx.eth');
  const back = Tick.fromDct(dict);
  assert.deepEqual(back.toDict(), dict);
  // source and amount are not part of the dict form (compatibility with the original SDK).
  assert.equal(back.source, null);
  assert.equal(back.amount, null);
  const anonymous = new Tick({ time: 0, price: 1 });
  assert.deepEqual(Object.keys(anonymous.toDict()), ['time', 'price', 'volume', 'asks', 'bids']);
  assert.deepEqual(Tick.fromDct(JSON.stringify(anonymous.toDict())).toDict(), anonymous.toDict());
  assert.throws(
    () => Tick.fromDct({ ...dict, price: undefined }),
    invalidParam(/^tick dict price is missing/),
  );
  assert.throws(() => Tick.fromDct({ ...dict, symbol: 1 }), invalidParam(/^tick dict symbol is 1/));
});

test('toMongoDict writes a Date and contract; initWithDict reads it back', () => {
  const tick = new Tick(ADX_INIT);
  const mongo = tick.toMongoDict();
  assert.deepEqual(Object.keys(mongo), ['time', 'price', 'volume', 'asks', 'bids', 'contract']);
  assert.ok(mongo.time instanceof Date);
  assert.equal(mongo.contract, 'binance/adx.eth');
  const back = Tick.initWithDict(mongo);
  assert.equal(back.contract, 'binance/adx.eth');
  assert.equal(back.timestamp.epochMicros, 1514822513352000); // a Date holds milliseconds
  assert.deepEqual(back.bids, tick.bids);
  assert.throws(() => Tick.initWithDict({ ...mongo, price: null }), invalidParam(/^tick price must be/));
});

test('toShortList and fromShortList round-trip; the time comes back in UTC', () => {
  const tick = new Tick(ADX_INIT);
  const back = Tick.fromShortList(tick.toShortList());
  assert.equal(back.timestamp.toIso(), '2018-01-01T16:01:53.352549+00:00');
  assert.equal(back.timestamp.epochMicros, tick.timestamp.epochMicros);
  assert.deepEqual(back.bids, tick.bids);
  assert.deepEqual(back.asks, tick.asks);
  assert.equal(back.toWsStr(), ADX_WS_STR);
  assert.equal(Tick.fromWsStr(ADX_WS_STR).toWsStr(), ADX_WS_STR);
  const empty = Tick.fromShortList([null, 0, 1, 0, '', '']);
  assert.deepEqual([empty.bids, empty.asks, empty.contract], [[], [], null]);
  assert.equal(empty.toWsStr(), '[null, 0.0, 1.0, 0.0, "", ""]');
});

test('fromShortList refuses malformed lists naming the part', () => {
  const good = new Tick(ADX_INIT).toShortList();
  const cases: Array<[unknown, RegExp]> = [
    [good.slice(0, 5), /^tick short list must be \[contract, epoch seconds/],
    ['not a list', /^tick short list must be/],
    [[1, ...good.slice(1)], /^tick short list contract is 1: expected a string or null/],
    [
      [good[0], '1514822513', ...good.slice(2)],
      /^tick short list time is "1514822513": expected epoch seconds/,
    ],
    [[good[0], good[1], null, ...good.slice(3)], /^tick short list price is null/],
    [[...good.slice(0, 3), 'x', ...good.slice(4)], /^tick short list volume is "x"/],
    [[...good.slice(0, 4), '1,2,3', good[5]], /^short-list bids "1,2,3" has an odd number of items/],
    [
      [...good.slice(0, 4), '1,abc', good[5]],
      /^short-list bids "1,abc" holds "abc": expected a decimal number/,
    ],
    [[...good.slice(0, 4), '1,', good[5]], /^short-list bids "1," holds "": expected a decimal number/],
    [[...good.slice(0, 5), '1,inf'], /^short-list asks "1,inf" holds "inf"/],
    [[...good.slice(0, 5), ['1', '2']], /^short-list asks must be a string/],
  ];
  for (const [list, pattern] of cases) assert.throws(() => Tick.fromShortList(list), invalidParam(pattern));
  assert.throws(() => Tick.fromWsStr('["x", '), invalidParam(/^tick ws string is not valid JSON/));
});

test('copy is deep and toString matches the original string form', () => {
  const tick = new Tick(ADX_INIT);
  const copy = tick.copy();
  copy.bids[0].volume = 1;
  assert.equal(tick.bids[0].volume, 1136);
  assert.equal(String(tick), '<binance/adx.eth 00:01:53.352 0.0037978/0.0038745 0.0038349 3.0>');
  assert.equal(String(new Tick({ time: 0, price: 2 })), '<None 00:00:00.000 None/None 2.0 0.0>');
});

test('Tick.fromTrustedLevels takes checked fields as they are: same tick as the validating constructor, no copy', () => {
  const bids = [
    { price: 100, volume: 1 },
    { price: 99.5, volume: 2 },
  ];
  const asks = [{ price: 100.5, volume: 3 }];
  const time = Timestamp.fromEpochMicros(1_514_822_513_352_549);
  const trusted = Tick.fromTrustedLevels({
    timestamp: time,
    exchangeTimestamp: null,
    price: 100.2,
    volume: 0.5,
    bids,
    asks,
    contract: 'okex/btc.usdt',
    source: 'exchange',
    amount: 50.1,
  });
  const checked = new Tick({
    time,
    price: 100.2,
    volume: 0.5,
    bids,
    asks,
    contract: 'okex/btc.usdt',
    source: 'exchange',
    amount: 50.1,
  });
  assert.ok(trusted instanceof Tick);
  assert.equal(trusted.toVerboseJson(), checked.toVerboseJson());
  assert.equal(trusted.bid1, 100);
  assert.equal(trusted.ask1, 100.5);
  // The arrays are taken, not copied; the validating constructor copies.
  assert.equal(trusted.bids, bids);
  assert.notEqual(checked.bids, bids);
  // Untrusted input still goes through validation.
  assert.throws(() => new Tick({ time, price: Number.NaN }), { code: 'invalid-param' });
});

test('Tick.fromPackedLevels: flat book sides read back as the same levels, in every form, to every reader', () => {
  const time = Timestamp.fromEpochMicros(1_514_822_513_352_549);
  const exchangeTime = Timestamp.fromEpochMicros(1_514_822_513_350_000);
  const flatBids = [100, 1, 99.5, 2];
  const flatAsks = [100.5, 3];
  const fields = {
    timestamp: time,
    exchangeTimestamp: exchangeTime,
    price: 100.2,
    volume: 0.5,
    contract: 'okex/btc.usdt',
    source: 'exchange',
    amount: 50.1,
  };
  const packed = Tick.fromPackedLevels({ ...fields, bids: flatBids, asks: flatAsks });
  const checked = new Tick({
    time,
    exchange_time: exchangeTime,
    price: 100.2,
    volume: 0.5,
    bids: [
      { price: 100, volume: 1 },
      { price: 99.5, volume: 2 },
    ],
    asks: [{ price: 100.5, volume: 3 }],
    contract: 'okex/btc.usdt',
    source: 'exchange',
    amount: 50.1,
  });
  assert.ok(packed instanceof Tick);
  assert.equal(packed.toVerboseJson(), checked.toVerboseJson());
  assert.equal(JSON.stringify(packed), JSON.stringify(checked));
  assert.equal(packed.toWsStr(), checked.toWsStr());
  assert.deepEqual(packed.toDict(), checked.toDict());
  assert.deepEqual(packed.bids, checked.bids);
  assert.deepEqual(packed.asks, checked.asks);
  assert.equal(packed.weightedMiddle, checked.weightedMiddle);
  assert.equal(packed.middle, checked.middle);
  assert.equal(packed.timestamp.toIso(), '2018-01-01T16:01:53.352549+00:00');
  assert.equal(packed.exchangeTimestamp?.toIso(), '2018-01-01T16:01:53.350000+00:00');
  // Made once: every read gives the same array, so a reader's change is seen by the next reader,
  // as with a tick built from objects.
  assert.equal(packed.bids, packed.bids);
  packed.bids[0].volume = 7;
  assert.equal(packed.bids[0].volume, 7);
  assert.equal(packed.toShortList()[4], '100.0,7.0,99.5,2.0');
  // Ticks built from the same flat sides share nothing a reader can change.
  const sibling = Tick.fromPackedLevels({ ...fields, bids: flatBids, asks: flatAsks });
  assert.equal(sibling.bids[0].volume, 1);
  assert.deepEqual(flatBids, [100, 1, 99.5, 2]);
  // Assigning a side replaces it, as on any tick.
  sibling.asks = [{ price: 101, volume: 1 }];
  assert.equal(sibling.ask1, 101);
  // Empty sides are empty books.
  const empty = Tick.fromPackedLevels({ ...fields, bids: [], asks: [] });
  assert.deepEqual(
    [empty.bids, empty.asks, empty.bid1, empty.weightedMiddle],
    [[], [], undefined, undefined],
  );
});

test('console.log of a tick shows its book sides', async () => {
  const { inspect } = await import('node:util');
  const packed = Tick.fromPackedLevels({
    timestamp: Timestamp.fromEpochMicros(0),
    exchangeTimestamp: null,
    price: 1,
    volume: 0,
    bids: [2, 1],
    asks: [3, 4],
    contract: 'okex/btc.usdt',
    source: 'exchange',
    amount: null,
  });
  const text = inspect(packed);
  assert.match(text, /^Tick \{/);
  assert.match(text, /bids: \[ \{ price: 2, volume: 1 \} \]/);
  assert.match(text, /asks: \[ \{ price: 3, volume: 4 \} \]/);
  assert.match(inspect(new Tick(ADX_INIT)), /bids: \[\s*\{ price: 0\.0037978, volume: 1136 \}/);
});
