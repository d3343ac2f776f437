/**
 * Contract symbols (reference §2.1): `{exchange}/{base}.{quote}[.{delivery}]`, e.g. `okex/btc.usdt`,
 * `okef/btc.usd.q`, `bitmex/eth.btc.2018-06-29`.
 *
 * Input is case-insensitive: `OKEX/BTC.USDT` is read as `okex/btc.usdt`, because every symbol the
 * protocol ever printed is lower-case and an upper-case typo should not become a second contract.
 *
 * The forms of early 2018 are read too and rewritten to the modern one:
 * - `{pair}:{exchange symbol}` (btp, 2017-12 .. 2018-01-23): `ltc.btc:xtc.okex`, `btc.usdt:huobip`,
 *   `bch.btc:exchange.xtc.huobip` (the exchange symbol is `[exchange.][xtc.]{exchange}`);
 * - `{exchange}:{pair}` (one commit of 2018-01-24): `binance:btc.usdt`.
 */
import {
  CONTRACT_FORMAT,
  currencyCode,
  exchangeCode,
  type Fail,
  invalidSymbol,
  legacyExchangeCode,
  quoted,
} from './symbol-parts.js';

/** The delivery aliases of futures and derivatives; a dated future uses `YYYY-MM-DD` instead. */
export const DELIVERY_ALIASES = {
  t: 'this week',
  n: 'next week',
  q: 'quarter',
  b: 'bi-quarter',
  i: 'index (not tradable)',
  td: 'perpetual',
} as const;

export type DeliveryAlias = keyof typeof DELIVERY_ALIASES;
/** A delivery alias or a date `YYYY-MM-DD`. */
export type Delivery = DeliveryAlias | (string & {});

export interface ContractParts {
  exchange: string;
  base: string;
  quote: string;
  /** Absent for spot and margin pairs. */
  delivery?: Delivery;
}

export interface ContractSymbol extends ContractParts {
  /** `{base}.{quote}[.{delivery}]`, the contract's name on its exchange. */
  name: string;
  /** `{exchange}/{name}`, the modern symbol. */
  symbol: string;
}

const DELIVERY_EXPECTED = `a delivery of ${Object.keys(DELIVERY_ALIASES).join(', ')} or a date YYYY-MM-DD`;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Inputs read recently and what they read as. A program uses a handful of contracts, and a gateway
 * reads one from every order it takes: a hit is one map lookup instead of splitting, checking and
 * building the parts again. Bounded: past the limit the cache starts over. Refusals are not kept
 * (each is built again, with its message).
 */
const MAX_CACHED_CONTRACTS = 4096;
const parsedContracts = new Map<string, Readonly<ContractSymbol>>();

/**
 * Reads a contract symbol, modern or legacy; throws `invalid-param` naming the bad part. The result
 * is frozen: the same object answers the same input again.
 */
export function parseContract(input: string): Readonly<ContractSymbol> {
  const known = parsedContracts.get(input);
  if (known !== undefined) return known;
  const parsed = Object.freeze(readContract(input));
  if (parsedContracts.size >= MAX_CACHED_CONTRACTS) parsedContracts.clear();
  parsedContracts.set(input, parsed);
  return parsed;
}

function readContract(input: string): ContractSymbol {
  const fail = (problem: string, expected = CONTRACT_FORMAT) =>
    invalidSymbol('contract', input, problem, expected);
  if (typeof input !== 'string') throw fail('is not a string');
  if (input === '') throw fail('is empty');

  const slash = input.indexOf('/');
  const colon = input.indexOf(':');
  let exchangeRaw: string;
  let nameRaw: string;
  if (slash >= 0) {
    exchangeRaw = input.slice(0, slash);
    nameRaw = input.slice(slash + 1);
    if (nameRaw.includes('/')) throw fail('has more than one "/"');
  } else if (colon >= 0) {
    [exchangeRaw, nameRaw] = splitLegacy(input, colon, fail);
  } else {
    throw fail('has no exchange');
  }

  const exchange = exchangeCode(exchangeRaw, fail);
  const pieces = nameRaw.split('.');
  if (pieces.length === 1) {
    if (nameRaw === '') throw fail('has no base or quote currency');
    throw fail('has no quote currency');
  }
  if (pieces.length > 3) {
    throw fail(
      `has ${pieces.length} dot-separated parts after the exchange (at most base, quote and delivery)`,
    );
  }
  const base = currencyCode(pieces[0], 'base', fail);
  const quote = currencyCode(pieces[1], 'quote', fail);
  const parts: ContractParts = { exchange, base, quote };
  if (pieces.length === 3) parts.delivery = deliveryCode(pieces[2], fail);
  return withNames(parts);
}

/** Builds the symbol from its parts, checking each one. */
export function formatContract(parts: ContractParts): string {
  const shown = `${parts.exchange}/${parts.base}.${parts.quote}${parts.delivery === undefined ? '' : `.${parts.delivery}`}`;
  const fail = (problem: string, expected = CONTRACT_FORMAT) =>
    invalidSymbol('contract', shown, problem, expected);
  const checked: ContractParts = {
    exchange: exchangeCode(String(parts.exchange ?? ''), fail),
    base: currencyCode(String(parts.base ?? ''), 'base', fail),
    quote: currencyCode(String(parts.quote ?? ''), 'quote', fail),
  };
  if (parts.delivery !== undefined) checked.delivery = deliveryCode(String(parts.delivery), fail);
  return withNames(checked).symbol;
}

/** The modern symbol for any accepted form: legacy forms are rewritten, modern ones lower-cased. */
export function normaliseContract(input: string): string {
  return parseContract(input).symbol;
}

/** True when the delivery is a dated expiry rather than an alias. */
export function isDatedDelivery(delivery: Delivery | undefined): boolean {
  return delivery !== undefined && DATE.test(delivery);
}

function withNames(parts: ContractParts): ContractSymbol {
  const name = `${parts.base}.${parts.quote}${parts.delivery === undefined ? '' : `.${parts.delivery}`}`;
  return { ...parts, name, symbol: `${parts.exchange}/${name}` };
}

function deliveryCode(raw: string, fail: Fail): Delivery {
  if (raw === '') throw fail('has an empty delivery', DELIVERY_EXPECTED);
  const code = raw.toLowerCase();
  if (Object.hasOwn(DELIVERY_ALIASES, code)) return code;
  const date = DATE.exec(code);
  if (!date) throw fail(`has an unknown delivery ${quoted(raw)}`, DELIVERY_EXPECTED);
  if (!isCalendarDate(Number(date[1]), Number(date[2]), Number(date[3]))) {
    throw fail(`has a delivery date ${quoted(raw)} that is not a calendar date`, 'a real date YYYY-MM-DD');
  }
  return code;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear undoes that before comparing.
  d.setUTCFullYear(year);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Splits a legacy `{pair}:{exchange symbol}` or `{exchange}:{pair}` into exchange and pair.
 * The side with a dot and no realm prefix is the pair; `btc.usdt:huobip` and `binance:btc.usdt` both work.
 */
function splitLegacy(input: string, colon: number, fail: Fail): [string, string] {
  const left = input.slice(0, colon);
  const right = input.slice(colon + 1);
  if (right.includes(':')) throw fail('has more than one ":"');
  if (left.includes('.') || !right.includes('.')) return [legacyExchangeCode(right, fail), left];
  return [left, right];
}
