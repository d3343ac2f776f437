/**
 * ccxt's errors → the protocol's error codes (reference §5.2). ccxt classifies by class
 * (InsufficientFunds, RateLimitExceeded, ...); the finer codes (amount, price, minimum notional) come
 * from each exchange's own code in the message ccxt keeps (`okx {"code":"1",...,"sCode":"51020"}`).
 */
import { type ErrorCode, OtsError } from '@ots/protocol';
import { PART_TWO_NATIVE } from './error-codes-part-two.js';

/** Native codes and labels, per ccxt id, that pin an order rejection down. */
const NATIVE: Record<string, Array<[RegExp, ErrorCode]>> = {
  okx: [
    [/"sCode":"51008"|"code":"51008"/, 'exg-place-order-no-money'],
    [/"sCode":"51118"/, 'exg-place-order-min-notional'],
    [/"sCode":"(51020|51100|51121|51201)"/, 'exg-place-order-error-amount'],
    [/"sCode":"(51006|51136|51137|51138)"/, 'exg-place-order-error-price'],
    [/"sCode":"(51400|51401|51402|51603)"|"code":"51603"/, 'exg-cancel-order-not-exist'],
  ],
  gate: [
    [/Your order size .* is too small/, 'exg-place-order-min-notional'],
    [/"label":"(AMOUNT_TOO_LITTLE|AMOUNT_TOO_MUCH|INVALID_AMOUNT)"/, 'exg-place-order-error-amount'],
    [/"label":"INVALID_PRECISION"/, 'exg-place-order-error-price'],
    [/"label":"ORDER_NOT_FOUND"/, 'exg-cancel-order-not-exist'],
  ],
  binance: [
    [/Filter failure: (MIN_)?NOTIONAL/, 'exg-place-order-min-notional'],
    [/Filter failure: (LOT_SIZE|MARKET_LOT_SIZE)/, 'exg-place-order-error-amount'],
    [/Filter failure: (PRICE_FILTER|PERCENT_PRICE)/, 'exg-place-order-error-price'],
    [/"code":-(2011|2013)/, 'exg-cancel-order-not-exist'],
  ],
  ...PART_TWO_NATIVE,
};

/** ccxt's classes, most specific first (a subclass must come before its base class). */
const BY_CLASS: Array<[string, ErrorCode]> = [
  ['InsufficientFunds', 'exg-place-order-no-money'],
  ['OrderNotFound', 'exg-cancel-order-not-exist'],
  ['RateLimitExceeded', 'exg-rate-limit-exceeded'],
  ['DDoSProtection', 'exg-rate-limit-exceeded'],
  ['AccountSuspended', 'exg-account-error'],
  ['PermissionDenied', 'exg-invalid-api-key'],
  ['AuthenticationError', 'exg-invalid-api-key'],
  ['RequestTimeout', 'exg-timeout'],
  ['ExchangeNotAvailable', 'exg-bad-gateway'],
  ['OnMaintenance', 'exg-bad-gateway'],
  ['NetworkError', 'exg-bad-gateway'],
  ['BadResponse', 'exg-unexpected-data-format'],
  ['NullResponse', 'exg-unexpected-data-format'],
  ['InvalidOrder', 'exg-invalid-param'],
  ['BadSymbol', 'exg-invalid-param'],
  ['BadRequest', 'exg-invalid-param'],
  ['ArgumentsRequired', 'exg-invalid-param'],
  ['OperationRejected', 'exg-invalid-param'],
  ['ExchangeError', 'exg-undefined-error'],
];

/** Codes after which the order may or may not exist on the exchange (reconciliation decides). */
export const UNCERTAIN_CODES: ReadonlySet<string> = new Set([
  'exg-timeout',
  'exg-bad-gateway',
  'exg-unknown-error',
]);

export function toOtsError(error: unknown, ccxtId: string, action: string): OtsError {
  if (error instanceof OtsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const classes = classNames(error);
  let code: ErrorCode | undefined;
  // Native codes only refine exchange rejections, never transport failures.
  if (!classes.includes('NetworkError')) {
    code = NATIVE[ccxtId]?.find(([pattern]) => pattern.test(message))?.[1];
  }
  code ??= BY_CLASS.find(([name]) => classes.includes(name))?.[1] ?? 'exg-unknown-error';
  return new OtsError(code, `${action} failed on the exchange: ${redact(message)}`);
}

function classNames(error: unknown): string[] {
  const names: string[] = [];
  let proto = error && typeof error === 'object' ? Object.getPrototypeOf(error) : null;
  while (proto && proto !== Object.prototype) {
    if (proto.constructor?.name) names.push(proto.constructor.name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

/** Exchange messages may echo request headers or URLs with signatures; keep only the message body. */
function redact(message: string): string {
  return message.replace(/(signature|sign|apikey|api_key|key)=([^&\s"]+)/gi, '$1=***').slice(0, 500);
}
