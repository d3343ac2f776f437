import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtsError, pyFloat, pyJsonDumps, pyJsonString } from '../src/index.ts';

// Each pair is [value, what CPython 3 prints for repr(value) / json.dumps(value)].
const PYTHON_FLOATS: Array<[number, string]> = [
  [0.1, '0.1'],
  [1e-5, '1e-05'],
  [0.0001, '0.0001'],
  [0.00009999999999999999, '9.999999999999999e-05'],
  [123456789012345680.0, '1.2345678901234568e+17'],
  [1e16, '1e+16'],
  [9999999999999998.0, '9999999999999998.0'],
  [9007199254740994.0, '9007199254740994.0'],
  [1e15, '1000000000000000.0'],
  [-0.0, '-0.0'],
  [0, '0.0'],
  [5e-324, '5e-324'],
  [1, '1.0'],
  [1136, '1136.0'],
  [3, '3.0'],
  [-2.5, '-2.5'],
  [1.5e-7, '1.5e-07'],
  [-1e-7, '-1e-07'],
  [1e-10, '1e-10'],
  [1e21, '1e+21'],
  [1e22, '1e+22'],
  [1e100, '1e+100'],
  [1.2345678901234567e19, '1.2345678901234567e+19'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [2.2250738585072014e-308, '2.2250738585072014e-308'],
  [0.1 + 0.2, '0.30000000000000004'],
  [1 / 3, '0.3333333333333333'],
  [123.456, '123.456'],
  [0.0038349, '0.0038349'],
  [1514822513.352549, '1514822513.352549'],
  [9218.432033482455, '9218.432033482455'],
  [0.0038356502172024326, '0.0038356502172024326'],
];

test('pyFloat writes what Python repr(float) writes', () => {
  for (const [value, python] of PYTHON_FLOATS) {
    assert.equal(pyFloat(value), python, `pyFloat(${value})`);
  }
});

test('pyFloat output reads back to the same double', () => {
  for (const [value] of PYTHON_FLOATS) assert.ok(Object.is(Number(pyFloat(value)), value), `${value}`);
});

test('non-finite numbers are written the way Python json.dumps writes them', () => {
  assert.equal(pyFloat(Number.POSITIVE_INFINITY), 'Infinity');
  assert.equal(pyFloat(Number.NEGATIVE_INFINITY), '-Infinity');
  assert.equal(pyFloat(Number.NaN), 'NaN');
});

test('pyJsonDumps uses Python separators, float text and ASCII escapes', () => {
  // json.dumps(['é中😀', 'a"b\\c\n\t\x01\x7f', {'k': [1.0, None, True, False], 'ü': {}}, []])
  const value = ['é中😀', 'a"b\\c\n\t\x01\x7f', { k: [1, null, true, false], ü: {} }, []];
  assert.equal(
    pyJsonDumps(value),
    '["\\u00e9\\u4e2d\\ud83d\\ude00", "a\\"b\\\\c\\n\\t\\u0001\\u007f", {"k": [1.0, null, true, false], "\\u00fc": {}}, []]',
  );
  assert.equal(pyJsonString('\b\f\r/'), '"\\b\\f\\r/"');
});

test('pyJsonDumps writes bigint as a Python int and keeps key order', () => {
  assert.equal(pyJsonDumps({ b: 2n, a: 1.5, z: -0 }), '{"b": 2, "a": 1.5, "z": -0.0}');
  assert.equal(pyJsonDumps(9007199254740993n), '9007199254740993');
});

test('pyJsonDumps leaves out undefined object values and follows toJSON', () => {
  const withToJson = { toJSON: () => ({ t: 1e-5 }) };
  assert.equal(pyJsonDumps({ a: undefined, b: withToJson }), '{"b": {"t": 1e-05}}');
});

test('pyJsonDumps refuses what Python could not write, naming where', () => {
  assert.throws(
    () => pyJsonDumps({ a: [1, () => 0] }),
    (err: unknown) =>
      err instanceof OtsError && err.code === 'invalid-param' && /function at \.a\[1\]/.test(err.message),
  );
  assert.throws(
    () => pyJsonDumps([undefined]),
    (err: unknown) => err instanceof OtsError && /undefined at \[0\]/.test(err.message),
  );
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  assert.throws(
    () => pyJsonDumps(loop),
    (err: unknown) => err instanceof OtsError && /circular reference at \.self/.test(err.message),
  );
  // The same object twice (not nested in itself) is fine, as in Python.
  const shared = { x: 1 };
  assert.equal(pyJsonDumps([shared, shared]), '[{"x": 1.0}, {"x": 1.0}]');
});
