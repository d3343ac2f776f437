/**
 * Account symbols (reference §2.2, §2.3): `{exchange}/{name}`, split on the first `/`, e.g.
 * `okex/demo1`, `huobip/mock-1token`. A third part names a margin pair: `huobim/acc/btc.usdt`.
 *
 * The exchange is lower-cased; the name keeps its case (the account owner chose it). Names are 1 to 64
 * letters, digits, `.`, `_` or `-`, because they travel unescaped in URL paths and in the signed path
 * `/ws/{name}`. The btp form `{name}@{exchange symbol}` (`tyz@huobip`, `leo@xtc.mock`) is read too.
 */
import { currencyCode, exchangeCode, type Fail, invalidSymbol, legacyExchangeCode } from './symbol-parts.js';

export interface AccountParts {
  exchange: string;
  name: string;
  /** The margin pair `{base}.{quote}` of a margin account, when the symbol has a third part. */
  margin?: string;
}

export interface AccountSymbol extends AccountParts {
  /** `{exchange}/{name}[/{margin}]`. */
  symbol: string;
}

const ACCOUNT_FORMAT = '{exchange}/{name}[/{base}.{quote}]';
const ACCOUNT_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** Paper-trading accounts are ordinary accounts whose name starts with this, or is `mock` (§2.3). */
export const MOCK_ACCOUNT_PREFIX = 'mock-';

/** Reads an account symbol; throws `invalid-param` naming the bad part. */
export function parseAccount(input: string): AccountSymbol {
  const fail = (problem: string, expected = ACCOUNT_FORMAT) =>
    invalidSymbol('account', input, problem, expected);
  if (typeof input !== 'string') throw fail('is not a string');
  if (input === '') throw fail('is empty');

  let parts: string[];
  const slash = input.indexOf('/');
  const at = input.indexOf('@');
  if (slash < 0 && at >= 0) {
    // btp: `{name}@{exchange symbol}`.
    parts = [legacyExchangeCode(input.slice(at + 1), fail), input.slice(0, at)];
  } else if (slash < 0) {
    throw fail('has no "/" between exchange and name');
  } else {
    parts = input.split('/');
  }
  if (parts.length > 3)
    throw fail(`has ${parts.length} "/"-separated parts (at most exchange, name and margin pair)`);

  const exchange = exchangeCode(parts[0], fail);
  const name = accountName(parts[1], fail);
  const account: AccountParts = { exchange, name };
  if (parts.length === 3) account.margin = marginPair(parts[2], fail);
  return withSymbol(account);
}

/** Builds the symbol from its parts, checking each one. */
export function formatAccount(parts: AccountParts): string {
  const shown = `${parts.exchange}/${parts.name}${parts.margin === undefined ? '' : `/${parts.margin}`}`;
  const fail = (problem: string, expected = ACCOUNT_FORMAT) =>
    invalidSymbol('account', shown, problem, expected);
  const checked: AccountParts = {
    exchange: exchangeCode(String(parts.exchange ?? ''), fail),
    name: accountName(String(parts.name ?? ''), fail),
  };
  if (parts.margin !== undefined) checked.margin = marginPair(String(parts.margin), fail);
  return withSymbol(checked).symbol;
}

/**
 * True for a paper-trading account: its name is `mock` or starts with `mock-` (the reference's examples
 * include `huobip/mock-1token` and `okef/mock`). Takes an account name or a whole account symbol.
 */
export function isMockAccount(nameOrSymbol: string): boolean {
  const slash = nameOrSymbol.indexOf('/');
  const rest = slash < 0 ? nameOrSymbol : nameOrSymbol.slice(slash + 1);
  // A margin account's name is followed by `/{pair}`.
  const end = rest.indexOf('/');
  const name = end < 0 ? rest : rest.slice(0, end);
  return name === 'mock' || name.startsWith(MOCK_ACCOUNT_PREFIX);
}

function withSymbol(parts: AccountParts): AccountSymbol {
  const margin = parts.margin === undefined ? '' : `/${parts.margin}`;
  return { ...parts, symbol: `${parts.exchange}/${parts.name}${margin}` };
}

function accountName(raw: string, fail: Fail): string {
  if (raw === '') throw fail('has an empty name');
  if (!ACCOUNT_NAME.test(raw)) {
    throw fail(
      raw.length > 64
        ? `has a name of ${raw.length} characters`
        : 'has a name with characters other than A-Z a-z 0-9 . _ -',
      'a name of 1 to 64 letters, digits, ".", "_" or "-"',
    );
  }
  return raw;
}

function marginPair(raw: string, fail: Fail): string {
  const pieces = raw.split('.');
  if (pieces.length !== 2) throw fail(`has a margin part that is not a pair {base}.{quote}`);
  return `${currencyCode(pieces[0], 'base', fail)}.${currencyCode(pieces[1], 'quote', fail)}`;
}
