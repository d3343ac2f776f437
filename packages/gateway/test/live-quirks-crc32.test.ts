/**
 * ccxt's CRC-32 helper, which the quirks replace with zlib's on every exchange instance: Bitfinex's
 * book checksums (and Kraken's, Bitget's) must come out exactly as ccxt's own would.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ccxt from 'ccxt';
import { ccxtCrc32, installQuirks } from '../src/venues/live/quirks.js';

const ccxtOwn = (ccxt as unknown as { crc32(text: string, signed?: boolean): number }).crc32;

/** A Bitfinex checksum text: the top 25 levels, bid and ask interleaved, asks' amounts negative. */
function bitfinexChecksumText(): string {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    parts.push(String(90000 - i / 10), String(0.5 + i / 1000));
    parts.push(String(90000.1 + i / 10), String(-(0.7 + i / 1000)));
  }
  return parts.join(':');
}

test("ccxt's CRC-32 computed by zlib gives ccxt's result for any text, signed or not", () => {
  // The standard check value of CRC-32.
  assert.equal(ccxtCrc32('123456789'), 0xcbf43926);
  assert.equal(ccxtCrc32('123456789', true), 0xcbf43926 - 2 ** 32);
  const texts = [
    '',
    'a',
    bitfinexChecksumText(),
    '1e-7:0.00000001:-5e-324',
    'é',
    'ÿĀ€',
    '日本',
    '😀',
    '\ud800',
    'a\uffffb',
    // Longer than the buffer the texts are written into at first, then shorter again.
    `${'90000.1:'.repeat(700)}é€`,
    '12',
  ];
  // Random texts over every UTF-16 unit (ccxt's loop reads the low byte of each).
  let seed = 20261125;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const length = Math.floor(random() * 40);
    for (let j = 0; j < length; j++)
      text += String.fromCharCode(Math.floor(random() * (random() < 0.5 ? 128 : 65536)));
    texts.push(text);
  }
  for (const text of texts) {
    assert.equal(ccxtCrc32(text), ccxtOwn(text), JSON.stringify(text));
    assert.equal(ccxtCrc32(text, true), ccxtOwn(text, true), JSON.stringify(text));
  }
});

test('the quirks put it on an exchange instance in place of ccxt’s own, once', async () => {
  const exchange = new ccxt.pro.bitfinex({});
  assert.equal((exchange as unknown as { crc32: unknown }).crc32, ccxtOwn);
  await installQuirks('bitfinex', exchange);
  assert.equal((exchange as unknown as { crc32: unknown }).crc32, ccxtCrc32);
  await installQuirks('bitfinex', exchange);
  assert.equal((exchange as unknown as { crc32: unknown }).crc32, ccxtCrc32);
  assert.equal(
    (new ccxt.pro.bitfinex({}) as unknown as { crc32: unknown }).crc32,
    ccxtOwn,
    'other instances keep ccxt’s',
  );
});
