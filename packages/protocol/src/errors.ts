/**
 * The one catalogue of the protocol's error codes (reference §5), each with its HTTP status.
 *
 * The server answers `{"code", "message"}` (plus `data` for `partial-success`); the SDK throws
 * `OtsError`. Exchange-side codes are written with the `exg-` prefix of the 2020+ protocol; the 2018
 * spellings without it are still read (`normaliseErrorCode`).
 */

export const ERROR_CATALOGUE = {
  // 1Token service codes
  'invalid-param': { status: 400, meaning: 'a parameter is missing or malformed' },
  'partial-success': { status: 400, meaning: 'a batch operation partly succeeded' },
  'no-valid-authentication': { status: 401, meaning: 'no usable authentication headers' },
  'invalid-api-key': { status: 401, meaning: 'unknown API key, bad signature or used nonce' },
  'invalid-jwt': { status: 401, meaning: 'bad user JWT' },
  'invalid-white-list': { status: 403, meaning: 'IP address not whitelisted' },
  'no-permission': { status: 403, meaning: 'this key has no access to this resource' },
  'not-allowed': { status: 403, meaning: 'permitted, but the resource is unavailable now' },
  'contract-not-exist': { status: 404, meaning: 'no such contract' },
  'account-not-exist': { status: 404, meaning: 'no such account' },
  'client_oid-not-found': { status: 404, meaning: 'no order with this client_oid' },
  'exchange_oid-not-found': { status: 404, meaning: 'no order with this exchange_oid' },
  'client_wid-not-found': { status: 404, meaning: 'no withdrawal with this client_wid' },
  'exchange_wid-not-found': { status: 404, meaning: 'no withdrawal with this exchange_wid' },
  'not-found': { status: 404, meaning: 'no such endpoint' },
  'client_oid-already-existed': { status: 409, meaning: 'an order with this client_oid exists already' },
  'client_wid-already-existed': { status: 409, meaning: 'a withdrawal with this client_wid exists already' },
  'payload-too-large': { status: 413, meaning: 'the request body is over the size limit' },
  'invalid-account-config': { status: 400, meaning: 'bad account configuration' },
  'wait-for-initializing': { status: 503, meaning: 'the account back end is still starting' },
  'unexpected-error': { status: 500, meaning: 'internal error' },
  'upstream-error': { status: 502, meaning: 'an upstream service is unavailable' },
  'no-available-proxy': { status: 503, meaning: 'no proxy egress available' },
  'proxy-ip-banned': { status: 503, meaning: 'proxy IP temporarily banned' },
  'proxy-connect-fail': { status: 502, meaning: 'could not connect to the proxy' },
  // Risk controls of the gateway (extensions; 4xx so that every original client sees a failure)
  'risk-max-amount': { status: 400, meaning: 'order amount over the account limit' },
  'risk-max-notional': { status: 400, meaning: 'order notional over the account limit' },
  'risk-max-open-orders': { status: 400, meaning: 'too many open orders on the account' },
  'risk-price-band': { status: 400, meaning: 'price too far from the last price' },
  'account-halted': { status: 403, meaning: 'the account is halted by its operator' },
  // Exchange-side codes (2020+ spelling)
  'exg-rate-limit-exceeded': { status: 429, meaning: 'rate limit exceeded' },
  'exg-invalid-param': { status: 400, meaning: 'the exchange rejected the parameters' },
  'exg-unexpected-data-format': { status: 502, meaning: 'the exchange returned malformed data' },
  'exg-place-order-no-money': { status: 400, meaning: 'insufficient funds' },
  'exg-place-order-min-notional': { status: 400, meaning: 'price times amount below the minimum notional' },
  'exg-place-order-error-amount': { status: 400, meaning: 'amount off the lot grid or below the minimum' },
  'exg-place-order-error-price': { status: 400, meaning: 'price off the tick grid or not positive' },
  'exg-cancel-order-not-exist': { status: 400, meaning: 'order already final or unknown to the exchange' },
  'exg-undefined-error': { status: 502, meaning: 'an exchange error not yet mapped' },
  'exg-timeout': { status: 504, meaning: 'the exchange did not answer in time' },
  'exg-unknown-error': { status: 502, meaning: 'exchange error; the order state is unknown' },
  'exg-bad-gateway': { status: 502, meaning: 'the exchange answered bad gateway' },
  'exg-account-error': { status: 403, meaning: 'the exchange account is frozen or banned' },
  'exg-invalid-api-key': { status: 401, meaning: 'the exchange rejected the API key' },
  'exg-closed': { status: 410, meaning: 'this exchange has closed' },
  'error-order': {
    status: 400,
    meaning: 'the order was rejected (for example a post-only order that would take)',
  },
  // The SDK's own codes (never sent by a server)
  'sdk-timeout': { status: 0, meaning: 'the request timed out' },
  'sdk-network-error': { status: 0, meaning: 'the request failed before an answer arrived' },
  'sdk-not-json': { status: 0, meaning: 'the server answered with a body that is not JSON' },
  'sdk-aborted': { status: 0, meaning: 'the caller aborted the request' },
  'sdk-bad-message': { status: 0, meaning: 'the server sent a message the SDK could not read' },
  'sdk-slow-consumer': { status: 0, meaning: 'a consumer fell behind past its bound; updates were dropped' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** 2018 spellings of the exchange codes, read and rewritten to their `exg-` form. */
const LEGACY_CODES: Record<string, ErrorCode> = {
  'rate-limit-exceeded': 'exg-rate-limit-exceeded',
  'invalid-exg-param': 'exg-invalid-param',
  'unexpected-data-format': 'exg-unexpected-data-format',
  'place-order-no-money': 'exg-place-order-no-money',
  'place-order-min-notional': 'exg-place-order-min-notional',
  'place-order-error-amount': 'exg-place-order-error-amount',
  'place-order-error-price': 'exg-place-order-error-price',
  'cancel-order-not-exist': 'exg-cancel-order-not-exist',
  'undefined-exg-error': 'exg-undefined-error',
  timeout: 'exg-timeout',
  'unknown-exg-error': 'exg-unknown-error',
  'bad-gateway': 'exg-bad-gateway',
};

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/** Reads a code as any server version wrote it; unknown codes pass through unchanged. */
export function normaliseErrorCode(code: string): string {
  return LEGACY_CODES[code] ?? code;
}

/** HTTP status for a code; unknown codes are 400 (a client error the server could not name). */
export function statusOf(code: string): number {
  const known = normaliseErrorCode(code);
  return isErrorCode(known) ? ERROR_CATALOGUE[known].status : 400;
}

export interface ErrorBody {
  code: string;
  message: string;
  data?: unknown;
}

/** The error every OTS component throws and every client receives. */
export class OtsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly data?: unknown;

  constructor(
    code: ErrorCode | (string & {}),
    message?: string,
    options: { status?: number; data?: unknown } = {},
  ) {
    const normalised = normaliseErrorCode(code);
    super(message ?? (isErrorCode(normalised) ? ERROR_CATALOGUE[normalised].meaning : normalised));
    this.name = 'OtsError';
    this.code = normalised;
    this.status = options.status ?? statusOf(normalised);
    if (options.data !== undefined) this.data = options.data;
  }

  /** The server's wire body. */
  toJSON(): ErrorBody {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  /** Rebuilds an error from a server body (any version's code spelling). */
  static fromBody(body: unknown, status?: number): OtsError {
    if (body && typeof body === 'object' && typeof (body as ErrorBody).code === 'string') {
      const b = body as ErrorBody;
      const message = typeof b.message === 'string' ? b.message : JSON.stringify(b.message ?? '');
      return new OtsError(b.code, message, { status, data: b.data });
    }
    return new OtsError('unexpected-error', `unrecognised error body: ${JSON.stringify(body)}`, { status });
  }
}

export function isOtsError(err: unknown): err is OtsError {
  return err instanceof OtsError;
}
