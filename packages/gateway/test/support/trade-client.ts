/**
 * A signed HTTP client for the trade tests, written from the protocol (reference §4.3): it signs
 * `VERB + path after /api/v1/trade + nonce + body` with the key's secret, like every original SDK.
 */
import { sign } from '@ots/protocol';

export interface Creds {
  api_key: string;
  api_secret: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

let lastNonce = BigInt(Date.now()) * 1000n;

/** Microsecond nonces, strictly increasing within this process (as the SDKs send them). */
export function nextNonce(): string {
  const now = BigInt(Date.now()) * 1000n;
  lastNonce = now > lastNonce ? now : lastNonce + 1n;
  return lastNonce.toString();
}

export interface SignedOptions {
  /** Query string without `?`. */
  query?: string;
  /** A JSON value (serialised with JSON.stringify) or a raw string sent as it is. */
  body?: unknown;
  nonce?: string;
  /** Sign this text instead of the body sent (the 2018 SDKs signed sorted JSON, sent unsorted). */
  signedBody?: string;
  /** Replace or drop (undefined) headers after signing. */
  headers?: Record<string, string | undefined>;
}

export class TradeClient {
  constructor(
    readonly baseUrl: string,
    readonly account: string,
    public creds: Creds,
  ) {}

  /** `/api/v1/trade/{account}{endpoint}`, signed. */
  async request<T = unknown>(
    method: string,
    endpoint: string,
    options: SignedOptions = {},
  ): Promise<Answer<T>> {
    const path = `/${this.account}${endpoint}`;
    const nonce = options.nonce ?? nextNonce();
    const body =
      options.body === undefined
        ? ''
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const signature = await sign(this.creds.api_secret, method, path, nonce, options.signedBody ?? body);
    const headers: Record<string, string> = {
      'Api-Key': this.creds.api_key,
      'Api-Nonce': nonce,
      'Api-Signature': signature,
    };
    if (body !== '') headers['Content-Type'] = 'application/json';
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const url = `${this.baseUrl}/api/v1/trade${path}${options.query ? `?${options.query}` : ''}`;
    const res = await fetch(url, { method, headers, body: body === '' ? undefined : body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }

  get<T = unknown>(endpoint: string, query?: string) {
    return this.request<T>('GET', endpoint, { query });
  }

  place(order: Record<string, unknown>) {
    return this.request<{ exchange_oid: string; client_oid: string }>('POST', '/orders', { body: order });
  }

  cancel(query: string) {
    return this.request('DELETE', '/orders', { query });
  }
}
