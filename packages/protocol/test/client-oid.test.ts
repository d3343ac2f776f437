import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateClientOid, isValidClientOid, randId, validateClientOid } from '../src/index.ts';

/** A deterministic random source: bytes counting up from `start`. */
function countingBytes(start = 0) {
  let next = start;
  return (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = next++ & 0xff;
    return bytes;
  };
}

const GENERATED = /^okex\/btc\.usdt-\d{14}[A-Za-z][A-Za-z0-9]{13}$/;

test('a generated client_oid is {contract}-{YYYYMMDDHHmmss}{14 letters and digits, the first a letter}', () => {
  for (let i = 0; i < 200; i++) {
    const id = generateClientOid('okex/btc.usdt');
    assert.match(id, GENERATED);
    assert.equal(id.length, 'okex/btc.usdt'.length + 1 + 28);
    assert.equal(isValidClientOid(id), true);
  }
});

test('the time and the random source can be given; the time is UTC', () => {
  const now = new Date(Date.UTC(2018, 4, 24, 10, 47, 19));
  const id = generateClientOid('okex/btc.usdt', { now, random: countingBytes(0) });
  assert.equal(id, 'okex/btc.usdt-20180524104719abcdefghijklmn');
  assert.equal(generateClientOid('okex/btc.usdt', { now, random: countingBytes(0) }), id);
  // Byte 51 is the last letter; 52 and up are digits only after the first character.
  assert.equal(
    generateClientOid('okex/btc.usdt', { now, random: countingBytes(51) }).slice(-14),
    'Z0123456789abc',
  );
});

test('bytes that would bias the alphabet are drawn again', () => {
  // 52 letters: bytes 208..255 are skipped for the first character, so counting from 208 wraps to 0.
  assert.equal(randId(3, countingBytes(208)), 'abc');
  // 62 letters and digits: bytes 248..255 are skipped for the others.
  const bytes = [0, 248, 249, 250, 251, 252, 253, 254, 255, 61, 62, 0, 0, 0, 0, 0];
  const fromList = (out: Uint8Array) => {
    out.set(bytes.slice(0, out.length));
    return out;
  };
  assert.equal(randId(3, fromList), 'a9a');
  const counts = new Map<string, number>();
  for (let i = 0; i < 2000; i++) for (const c of randId(14).slice(1)) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
});

test('the contract is normalised first, and a bad contract is refused', () => {
  const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.match(generateClientOid('ltc.btc:xtc.okex', { now }), /^okex\/ltc\.btc-20240102030405[A-Za-z]/);
  assert.match(generateClientOid('OKEF/BTC.USD.Q', { now }), /^okef\/btc\.usd\.q-20240102030405/);
  assert.throws(() => generateClientOid('okex/btc'), { code: 'invalid-param', message: /no quote currency/ });
  assert.throws(() => generateClientOid(`${'x'.repeat(30)}/btc.usdt`), {
    code: 'invalid-param',
    message: /too long/,
  });
  assert.throws(() => generateClientOid('okex/btc.usdt', { now: new Date(Number.NaN) }), {
    code: 'invalid-param',
  });
});

test('the validator accepts 1 to 64 characters of [A-Za-z0-9/._-]', () => {
  const valid = [
    'a',
    'x'.repeat(64),
    'okex/btc.usdt-20180524-104719-a8uwod1lqgqrkq25osy0lohcr9e', // 2018 SDK
    'abcd-efghijklmnopqrstuvwxyz012345', // 2017 SDK: xxxx- and 27 chars
    'okef/btc.usd.2018-06-29-Ab3dE5fG7hJ9kL',
    'under_score',
  ];
  for (const id of valid) {
    assert.equal(validateClientOid(id), id);
    assert.equal(isValidClientOid(id), true);
  }
});

test('the validator names the broken rule', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['', /^client_oid is empty: expected 1 to 64 characters of A-Z, a-z, 0-9, "\/", "\.", "_" or "-"$/],
    ['x'.repeat(65), /^client_oid is 65 characters long: expected 1 to 64/],
    ['ab c', /^client_oid 'ab c' has the character ' ' at position 3: expected/],
    ['abc:1', /has the character ':' at position 4/],
    ['日本', /has the character '日' at position 1/],
    ['a\nb', /has the character '\?' at position 2/],
    [42, /^client_oid must be a string, not number/],
    [null, /must be a string, not null/],
    [undefined, /must be a string, not undefined/],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => validateClientOid(value),
      { code: 'invalid-param', status: 400, message },
      String(value),
    );
    assert.equal(isValidClientOid(value), false);
  }
});
