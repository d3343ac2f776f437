/**
 * The pieces that contract and account symbols share (reference §2): exchange codes, currency pairs,
 * and the wording of the errors that name a symbol's bad part. Internal to `@ots/protocol`: the public
 * API is `symbols.ts` and `account-symbol.ts`.
 */
import { OtsError } from './errors.js';

/** Exchange codes are lower-case words such as `okex`, `huobiuswap`, `binancef`, `sim`. */
const EXCHANGE_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** Currencies are lower-case letters and digits (`btc`, `usdt`, `1inch`). */
const CURRENCY_CODE = /^[a-z0-9]{1,32}$/;

/** Builds the caller's error for a problem with one part, e.g. "has an empty exchange". */
export type Fail = (problem: string, expected?: string) => Error;

export const CONTRACT_FORMAT = '{exchange}/{base}.{quote}[.{delivery}]';

/** User input as error messages quote it: short, and without control characters that could break a log line. */
export function quoted(input: unknown): string {
  const text = typeof input === 'string' ? input : String(input);
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `'${clean.length > 80 ? `${clean.slice(0, 77)}...` : clean}'`;
}

/** `invalid-param` with the protocol's message shape: what was wrong, then what was expected. */
export function invalidSymbol(kind: string, input: unknown, problem: string, expected: string): OtsError {
  return new OtsError('invalid-param', `${kind} ${quoted(input)} ${problem}: expected ${expected}`);
}

/** Checks and lower-cases an exchange code; `fail` turns a problem into the caller's error. */
export function exchangeCode(raw: string, fail: Fail): string {
  if (raw === '') throw fail('has an empty exchange');
  const code = raw.toLowerCase();
  if (!EXCHANGE_CODE.test(code)) {
    throw fail(
      `has an invalid exchange ${quoted(raw)}`,
      'an exchange of up to 32 letters, digits, "-" or "_" (e.g. okex)',
    );
  }
  return code;
}

/** Checks and lower-cases one currency of a pair; `role` is `base` or `quote`. */
export function currencyCode(raw: string, role: 'base' | 'quote', fail: Fail): string {
  if (raw === '') throw fail(`has an empty ${role} currency`);
  const code = raw.toLowerCase();
  if (!CURRENCY_CODE.test(code)) {
    throw fail(`has an invalid ${role} currency ${quoted(raw)}`, `a ${role} currency of letters and digits`);
  }
  return code;
}

/**
 * The exchange of a btp-era exchange symbol (contracts `ltc.btc:xtc.okex`, accounts `tyz@huobip`):
 * `okex`, `xtc.okex` or `exchange.xtc.okex` (btp's `Exchange.symbol` and its short forms) → `okex`.
 */
export function legacyExchangeCode(symbol: string, fail: Fail): string {
  const parts = symbol.split('.');
  const prefix = parts.slice(0, -1).join('.').toLowerCase();
  if (prefix !== '' && prefix !== 'xtc' && prefix !== 'exchange.xtc') {
    throw fail(
      `has an unknown legacy exchange symbol ${quoted(symbol)}`,
      'a legacy exchange symbol {exchange}, xtc.{exchange} or exchange.xtc.{exchange}',
    );
  }
  return exchangeCode(parts[parts.length - 1], fail);
}
