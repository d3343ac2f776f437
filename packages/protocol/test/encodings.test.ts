import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeOptions, decodeSide, decodeTags, isSide } from '../src/index.ts';

test('tags: an object passes through, the old "k1:v1,k2:v2" string becomes one', () => {
  assert.deepEqual(decodeTags({ note: '日本', n: 1 }), { note: '日本', n: 1 });
  assert.deepEqual(decodeTags('strategy:grid,run:7'), { strategy: 'grid', run: '7' });
  assert.deepEqual(decodeTags('at:12:30'), { at: '12:30' });
  assert.deepEqual(decodeTags('empty:'), { empty: '' });
  assert.deepEqual(decodeTags('a:1,'), { a: '1' });
  assert.deepEqual(decodeTags('{"note": "日本"}'), { note: '日本' });
});

test('tags and options: empty, null and undefined are {}', () => {
  for (const empty of [undefined, null, '']) {
    assert.deepEqual(decodeTags(empty), {});
    assert.deepEqual(decodeOptions(empty), {});
  }
  assert.deepEqual(decodeOptions('null'), {});
  assert.deepEqual(decodeOptions('{}'), {});
});

test('options: an object passes through, a JSON-encoded string is decoded', () => {
  assert.deepEqual(decodeOptions({ close: true }), { close: true });
  assert.deepEqual(decodeOptions('{"close": true}'), { close: true });
  assert.deepEqual(decodeOptions('{"open": true, "leverage": 10}'), { open: true, leverage: 10 });
});

test('anything else is invalid-param saying what was expected', () => {
  const badTags: Array<[unknown, RegExp]> = [
    [
      'novalue',
      /^tags entry "novalue" has no key before ':': expected an object, or a string "key1:value1,key2:value2"$/,
    ],
    [':v', /tags entry ":v" has no key/],
    ['{"a":', /tags string is not valid JSON/],
    ['[1]', /tags entry "\[1\]" has no key/],
    [42, /^tags is a number: expected an object/],
    [['a:b'], /^tags is an array: expected/],
    [true, /tags is a boolean/],
  ];
  for (const [value, message] of badTags) {
    assert.throws(() => decodeTags(value), { code: 'invalid-param', status: 400, message }, String(value));
  }
  const badOptions: Array<[unknown, RegExp]> = [
    [
      'close',
      /^options string is not valid JSON: expected an object such as \{"close": true\}, or that object as a JSON string$/,
    ],
    ['[true]', /options JSON is an array/],
    ['"x"', /options JSON is a string/],
    ['1', /options JSON is a number/],
    [7, /^options is a number/],
    [[{ close: true }], /^options is an array/],
  ];
  for (const [value, message] of badOptions) {
    assert.throws(() => decodeOptions(value), { code: 'invalid-param', message }, String(value));
  }
});

test('bs is "b" or "s"', () => {
  assert.equal(decodeSide('b'), 'b');
  assert.equal(decodeSide('s'), 's');
  assert.equal(isSide('b'), true);
  for (const bad of ['buy', 'B', 'sell', '', undefined, 1]) {
    assert.throws(() => decodeSide(bad), {
      code: 'invalid-param',
      message: /is not a side: expected "b" \(buy\) or "s" \(sell\)$/,
    });
    assert.equal(isSide(bad), false);
  }
});
