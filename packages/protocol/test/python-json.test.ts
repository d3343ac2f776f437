import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonSortedJson } from '../src/index.ts';

// Expected strings are CPython 3's `json.dumps(json.loads(raw), sort_keys=True)`.

test('keys are sorted at every level with Python separators', () => {
  assert.equal(
    pythonSortedJson('{"contract": "huobip/btc.usdt", "price": 1, "bs": "b", "amount": 0.6}'),
    '{"amount": 0.6, "bs": "b", "contract": "huobip/btc.usdt", "price": 1}',
  );
  assert.equal(
    pythonSortedJson('{"b":[{"z":1,"y":null},[],{}],"a":{"d":true,"c":false}}'),
    '{"a": {"c": false, "d": true}, "b": [{"y": null, "z": 1}, [], {}]}',
  );
});

test('number literals survive exactly as written', () => {
  assert.equal(pythonSortedJson('{"p":10.0,"a":1e-05}'), '{"a": 1e-05, "p": 10.0}');
  assert.equal(
    pythonSortedJson('[-0, 1E+2, 0.000001, 123456789012345678901234567890]'),
    '[-0, 1E+2, 0.000001, 123456789012345678901234567890]',
  );
});

test('strings are escaped as ensure_ascii does: \\uXXXX, surrogate pairs, short escapes, no "/" escape', () => {
  assert.equal(pythonSortedJson('{"tags": {"note": "日本"}}'), '{"tags": {"note": "\\u65e5\\u672c"}}');
  assert.equal(pythonSortedJson('"😀"'), '"\\ud83d\\ude00"');
  assert.equal(pythonSortedJson('"a\\/b/c"'), '"a/b/c"');
  assert.equal(
    pythonSortedJson('"\\"q\\" \\\\ \\b\\f\\n\\r\\t \\u0001 \\u007f \\u00e9"'),
    '"\\"q\\" \\\\ \\b\\f\\n\\r\\t \\u0001 \\u007f \\u00e9"',
  );
  // Escaped input and literal input give the same output.
  assert.equal(pythonSortedJson('"\\u65e5"'), pythonSortedJson('"日"'));
});

test('keys sort by code point, as Python sorts str (astral after U+FFFF)', () => {
  assert.equal(
    pythonSortedJson('{"b": 1, "a": {"😀": 1, "\uffff": 2, "Z": 3, "a": 4}}'),
    '{"a": {"Z": 3, "a": 4, "\\uffff": 2, "\\ud83d\\ude00": 1}, "b": 1}',
  );
});

test('a repeated key keeps its last value, as json.loads does', () => {
  assert.equal(pythonSortedJson('{"k": 1, "k2": 2, "k": 3}'), '{"k": 3, "k2": 2}');
});

test('whitespace between tokens is dropped; whitespace inside strings is kept', () => {
  assert.equal(pythonSortedJson(' \n\t{ "a" :\r[ 1 , "x y" ] } \n'), '{"a": [1, "x y"]}');
});

test('malformed JSON is invalid-param saying where', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /unexpected end at position 0/],
    ['{"a": 1,}', /expected '"'/],
    ['{"a" 1}', /expected ':'/],
    ['{"a": 01}', /expected ','/],
    ['{"a": .5}', /unexpected character/],
    ['{"a": 1.}', /expected ','/],
    ['{"a": NaN}', /unexpected character/],
    ['{"a": Infinity}', /unexpected character/],
    ["{'a': 1}", /expected '"'/],
    ['{"a": "x', /unterminated string/],
    ['"tab\there"', /unescaped control character/],
    ['"\\x41"', /bad escape/],
    ['"\\u12G4"', /bad \\u escape/],
    ['[1, 2] 3', /unexpected data after the JSON value/],
    ['\ufeff{}', /unexpected character/],
    ['tru', /unexpected character/],
  ];
  for (const [raw, message] of cases) {
    assert.throws(() => pythonSortedJson(raw), { code: 'invalid-param', message }, JSON.stringify(raw));
  }
});

test('nesting beyond the depth limit is refused without exhausting the stack', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  assert.equal(pythonSortedJson(deep(64)), deep(64));
  assert.throws(() => pythonSortedJson(deep(65)), {
    code: 'invalid-param',
    message: /nesting deeper than 64 levels/,
  });
  assert.throws(() => pythonSortedJson(deep(1_000_000)), {
    code: 'invalid-param',
    message: /nesting deeper/,
  });
  assert.throws(() => pythonSortedJson('{"a":'.repeat(100) + '1' + '}'.repeat(100)), {
    code: 'invalid-param',
  });
  assert.equal(pythonSortedJson('[[["x"]]]', 3), '[[["x"]]]');
  assert.throws(() => pythonSortedJson('[[["x"]]]', 2), { code: 'invalid-param' });
});

test('accepts exactly what JSON.parse accepts, and keeps the meaning (mutated bodies)', () => {
  // A fixed-seed generator, so a failure reproduces.
  let seed = 20180531;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const seeds = [
    '{"contract": "okex/btc.usdt", "price": 10.0, "bs": "b", "amount": 1e-05, "tags": {"note": "日本"}}',
    '{"a":[1,-2.5e+3,true,false,null,{"b":"\\u00e9\\n\\"x\\""}],"c":{}}',
    '[{"k": "v"}, [[]], "😀", 0, -0.0]',
  ];
  const noise = [
    '{',
    '}',
    '[',
    ']',
    '"',
    '\\',
    ',',
    ':',
    ' ',
    '0',
    '1',
    '-',
    '+',
    '.',
    'e',
    'E',
    'n',
    't',
    'u',
    '\u0001',
    'é',
  ];
  let accepted = 0;
  for (let i = 0; i < 5000; i++) {
    let text = pick(seeds);
    for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
      const at = Math.floor(random() * (text.length + 1));
      const action = random();
      if (action < 0.4) text = text.slice(0, at) + pick(noise) + text.slice(at);
      else if (action < 0.8) text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at) + pick(noise) + text.slice(at + 1);
    }
    let expected: unknown;
    let valid = true;
    try {
      expected = JSON.parse(text);
    } catch {
      valid = false;
    }
    if (!valid) {
      assert.throws(() => pythonSortedJson(text), { code: 'invalid-param' }, JSON.stringify(text));
      continue;
    }
    accepted++;
    assert.deepEqual(JSON.parse(pythonSortedJson(text)), expected, JSON.stringify(text));
  }
  assert.ok(accepted > 100, `only ${accepted} mutated bodies were valid JSON`);
});
