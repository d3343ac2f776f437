import {
  type DealtTrans,
  generateClientOid,
  Info,
  type InfoData,
  normaliseContract,
  type Order,
  OtsError,
  parseAccount,
  type Side,
  sign,
} from '@ots/protocol';
import {
  AccountSocket,
  type AccountSocketOptions,
  type InfoListener,
  type OrderListener,
} from './account-socket.js';
import type { ConnectionState } from './connection.js';
import { Emitter } from './emitter.js';
import { type CallOptions, type FetchLike, httpCall } from './http.js';
import { nextNonce } from './nonce.js';
import type { Subscription } from './quote.js';
import { DEFAULT_URL, gatewayUrls } from './urls.js';

export interface AccountOptions extends AccountSocketOptions {
  /** The gateway origin; default `http://127.0.0.1:8700`. */
  url?: string;
  apiKey: string;
  apiSecret: string;
  /** Per-call timeout in ms; default 15000 (the original's 15 s). */
  timeout?: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: FetchLike;
  /** Errors of the account websocket and of its callbacks (also the `error` event). */
  onError?: (error: unknown) => void;
}

export interface PlaceOrderOptions extends CallOptions {
  /** Your id for the order; generated (`{contract}-{YYYYMMDDHHmmss}{14 random}`) when absent. */
  clientOid?: string;
  tags?: Record<string, unknown>;
  /** Exchange options such as `{ close: true }`. */
  options?: Record<string, unknown>;
}

export interface PlacedOrder {
  client_oid: string;
  exchange_oid: string;
}

/** `getOrderUseClientOid('a', 'b')` or `getOrderUseClientOid('a', 'b', { signal })`. */
export type OidsAndOptions = string[] | [...string[], CallOptions];

export interface AccountEvents {
  error: (error: unknown) => void;
  /** The account websocket was lost; order and info pushes may be missed until `reconnect`. */
  disconnect: (info: { code: number; reason: string }) => void;
  /** The account websocket is back and its subscriptions were sent again (a fresh snapshot follows). */
  reconnect: () => void;
  state: (info: { state: ConnectionState; retryInMs?: number; reason?: string }) => void;
}

/**
 * The signed trade API of one account (`sim/alice`): every method of the original SDK, as promises
 * that resolve with the wire object or reject with an `OtsError`.
 */
export class Account extends Emitter<AccountEvents> {
  readonly symbol: string;
  readonly exchange: string;
  readonly name: string;
  private readonly base: string;
  private readonly wsBase: string;
  private socket: AccountSocket | undefined;
  private closed = false;

  constructor(
    symbol: string,
    private readonly options: AccountOptions,
  ) {
    super();
    const account = parseAccount(symbol);
    this.symbol = account.symbol;
    this.exchange = account.exchange;
    this.name = account.margin === undefined ? account.name : `${account.name}/${account.margin}`;
    if (!options || typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new OtsError(
        'invalid-param',
        'apiKey is missing: expected the key issued with `ots keys create`',
      );
    }
    if (typeof options.apiSecret !== 'string' || options.apiSecret === '') {
      throw new OtsError(
        'invalid-param',
        'apiSecret is missing: expected the secret issued with the api key',
      );
    }
    const urls = gatewayUrls(options.url ?? DEFAULT_URL);
    this.base = `${urls.rest}/trade`;
    this.wsBase = `${urls.ws}/ws/trade`;
  }

  override toString(): string {
    return `<${this.symbol}>`;
  }

  // ---------------------------------------------------------------- reading

  /** Balance and positions. `info.getTotalAmount('btc')` reads one position (0 when absent). */
  async getInfo(options: CallOptions = {}): Promise<Info> {
    const body = await this.call('GET', '/info', {}, undefined, options);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new OtsError(
        'sdk-bad-message',
        `GET /info answered ${JSON.stringify(body).slice(0, 120)}: expected an object`,
        {
          status: 0,
        },
      );
    }
    return new Info(body as InfoData);
  }

  /** The total amount of one position (`btc`, `usdt`, `btc.usd.q`: no exchange prefix); 0 when absent. */
  async getTotalAmount(posSymbol: string, options: CallOptions = {}): Promise<number> {
    return (await this.getInfo(options)).getTotalAmount(posSymbol);
  }

  /** Open orders. */
  async getPendingList(options: CallOptions = {}): Promise<Order[]> {
    return this.list<Order>('/orders', {}, options);
  }

  /**
   * Orders, filtered by contract and by `state`: a status (`pending`, `dealt`, ...) or a group
   * (`active`, `end`, `all`). Without `state`, open orders.
   */
  async getOrderList(contract?: string, state?: string, options: CallOptions = {}): Promise<Order[]> {
    const query: Record<string, string> = {};
    if (contract) query.contract = normaliseContract(contract);
    if (state) query.state = state;
    return this.list<Order>('/orders', query, options);
  }

  /** Orders by client_oid; always a list. A partly found batch rejects with `partial-success`. */
  async getOrderUseClientOid(...args: OidsAndOptions): Promise<Order[]> {
    const [oids, options] = splitOids(args, 'getOrderUseClientOid');
    return this.list<Order>('/orders', { client_oid: oids.join(',') }, options);
  }

  /** Orders by exchange_oid; always a list. */
  async getOrderUseExchangeOid(...args: OidsAndOptions): Promise<Order[]> {
    const [oids, options] = splitOids(args, 'getOrderUseExchangeOid');
    return this.list<Order>('/orders', { exchange_oid: oids.join(',') }, options);
  }

  /** Fills, optionally of one contract. */
  async getDealtTrans(contract?: string, options: CallOptions = {}): Promise<DealtTrans[]> {
    return this.list<DealtTrans>(
      '/trans',
      contract ? { contract: normaliseContract(contract) } : {},
      options,
    );
  }

  /** The account back end's health: `{ status: 'ok' | 'halted', score, account, halted }` on OTS. */
  async getStatus(options: CallOptions = {}): Promise<Record<string, unknown>> {
    return (await this.call('GET', '/status', {}, undefined, options)) as Record<string, unknown>;
  }

  // ---------------------------------------------------------------- trading

  /**
   * Places an order: `bs` is `'b'` (buy) or `'s'` (sell). A client_oid is generated when none is given,
   * so a retry after a timeout can be checked with `getOrderUseClientOid` instead of placing twice.
   */
  async placeOrder(
    contract: string,
    price: number,
    bs: Side,
    amount: number,
    options: PlaceOrderOptions = {},
  ): Promise<PlacedOrder> {
    const symbol = normaliseContract(contract);
    const body: Record<string, unknown> = {
      contract: symbol,
      price,
      bs,
      amount,
      client_oid: options.clientOid ?? generateClientOid(symbol),
    };
    if (options.tags !== undefined) body.tags = options.tags;
    if (options.options !== undefined) body.options = options.options;
    return (await this.call('POST', '/orders', {}, body, options)) as PlacedOrder;
  }

  /** Cancels by client_oid (several at once: a batch). */
  async cancelUseClientOid(...args: OidsAndOptions): Promise<PlacedOrder | PlacedOrder[]> {
    const [oids, options] = splitOids(args, 'cancelUseClientOid');
    return (await this.call(
      'DELETE',
      '/orders',
      { client_oid: oids.join(',') },
      undefined,
      options,
    )) as PlacedOrder;
  }

  /** Cancels by exchange_oid (several at once: a batch). */
  async cancelUseExchangeOid(...args: OidsAndOptions): Promise<PlacedOrder | PlacedOrder[]> {
    const [oids, options] = splitOids(args, 'cancelUseExchangeOid');
    return (await this.call(
      'DELETE',
      '/orders',
      { exchange_oid: oids.join(',') },
      undefined,
      options,
    )) as PlacedOrder;
  }

  /** Cancels every open order, or those of one contract. */
  async cancelAll(contract?: string, options: CallOptions = {}): Promise<{ status: string }> {
    const query: Record<string, string> = contract ? { contract: normaliseContract(contract) } : {};
    return (await this.call('DELETE', '/orders/all', query, undefined, options)) as { status: string };
  }

  /** Changes the price and amount of an open order found by client_oid. */
  async amendOrderUseClientOid(
    clientOid: string,
    price: number,
    amount: number,
    options: CallOptions = {},
  ): Promise<PlacedOrder> {
    const query = { client_oid: clientOid };
    return (await this.call('PATCH', '/orders', query, { price, amount }, options)) as PlacedOrder;
  }

  /** Changes the price and amount of an open order found by exchange_oid. */
  async amendOrderUseExchangeOid(
    exchangeOid: string,
    price: number,
    amount: number,
    options: CallOptions = {},
  ): Promise<PlacedOrder> {
    return (await this.call(
      'PATCH',
      '/orders',
      { exchange_oid: exchangeOid },
      { price, amount },
      options,
    )) as PlacedOrder;
  }

  /**
   * Places an order, waits `sleepSeconds`, cancels it (by exchange_oid, as PYSDK 2019-10+).
   * Resolves `[placed, cancelled]`. If placing fails, rejects with that error. If cancelling fails,
   * rejects with the cancel error, its `data` holding `{ placed, cause }` so the live order is known.
   */
  async placeAndCancel(
    contract: string,
    price: number,
    bs: Side,
    amount: number,
    sleepSeconds: number,
    options: PlaceOrderOptions = {},
  ): Promise<[PlacedOrder, unknown]> {
    const placed = await this.placeOrder(contract, price, bs, amount, options);
    await sleep(sleepSeconds * 1000, options.signal);
    try {
      const cancelled = placed.exchange_oid
        ? await this.cancelUseExchangeOid(placed.exchange_oid, {
            signal: options.signal,
            timeout: options.timeout,
          })
        : await this.cancelUseClientOid(placed.client_oid, {
            signal: options.signal,
            timeout: options.timeout,
          });
      return [placed, cancelled];
    } catch (error) {
      if (!(error instanceof OtsError)) throw error;
      throw new OtsError(
        error.code,
        `placed ${placed.client_oid} but could not cancel it: ${error.message}`,
        {
          status: error.status,
          data: { placed, cause: error.data },
        },
      );
    }
  }

  // ---------------------------------------------------------------- account websocket

  /**
   * Order pushes over the account websocket: first `(openOrders, 'snapshot')`, then
   * `(changedOrders, 'update')`; after a reconnect a fresh snapshot. Resolves once subscribed.
   */
  async subscribeOrders(onUpdate: OrderListener): Promise<Subscription> {
    return this.accountSocket().subscribe('order', onUpdate);
  }

  /** Account info pushes (`Info`) whenever the balance or a position changes. Resolves once subscribed. */
  async subscribeInfo(onUpdate: InfoListener): Promise<Subscription> {
    return this.accountSocket().subscribe('info', onUpdate);
  }

  /** Closes the account websocket; REST calls keep working (they hold no connection). */
  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = undefined;
  }

  private accountSocket(): AccountSocket {
    if (this.closed)
      throw new OtsError('sdk-network-error', `account ${this.symbol} is closed`, { status: 0 });
    if (!this.socket || this.socket.closed) {
      this.socket = new AccountSocket({
        ...this.options,
        url: `${this.wsBase}/${this.exchange}/${this.name}`,
        accountName: this.name,
        report: (error) => this.report(error),
        events: {
          disconnect: (info) => this.emit('disconnect', info),
          reconnect: () => this.emit('reconnect'),
          state: (info) => this.emit('state', info),
        },
      });
    }
    return this.socket;
  }

  private report(error: unknown): void {
    this.reportError(error, this.options.onError, `[@ots/sdk Account ${this.symbol}]`);
  }

  // ---------------------------------------------------------------- signed HTTP

  private async list<T>(endpoint: string, query: Record<string, string>, options: CallOptions): Promise<T[]> {
    const body = await this.call('GET', endpoint, query, undefined, options);
    if (!Array.isArray(body)) {
      throw new OtsError(
        'sdk-bad-message',
        `GET ${endpoint} answered ${JSON.stringify(body).slice(0, 120)}: expected a list`,
        {
          status: 0,
        },
      );
    }
    return body as T[];
  }

  /**
   * One signed call. The signature covers exactly the bytes sent: verb, `/{exchange}/{name}{endpoint}`
   * (no query), the nonce and the body string.
   */
  private async call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    endpoint: string,
    query: Record<string, string>,
    body: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    const path = `/${this.exchange}/${this.name}${endpoint}`;
    const text = body === undefined ? '' : JSON.stringify(body);
    const nonce = nextNonce(this.options.apiKey);
    const signature = await sign(this.options.apiSecret, method, path, nonce, text);
    const search = new URLSearchParams(query).toString();
    const headers: Record<string, string> = {
      'Api-Key': this.options.apiKey,
      'Api-Nonce': nonce,
      'Api-Signature': signature,
    };
    if (text !== '') headers['Content-Type'] = 'application/json';
    return httpCall(
      {
        method,
        url: `${this.base}${path}${search ? `?${search}` : ''}`,
        headers,
        body: text === '' ? undefined : text,
        timeoutMs: options.timeout ?? this.options.timeout ?? 15000,
        signal: options.signal,
      },
      this.options.fetch,
    );
  }
}

function splitOids(args: OidsAndOptions, method: string): [string[], CallOptions] {
  const last = args[args.length - 1];
  const options = typeof last === 'object' && last !== null ? (last as CallOptions) : {};
  const oids = (typeof last === 'object' ? args.slice(0, -1) : args) as unknown[];
  if (oids.length === 0) {
    throw new OtsError('invalid-param', `${method} needs at least one id`);
  }
  for (const oid of oids) {
    if (typeof oid !== 'string' || oid === '' || oid.includes(',')) {
      throw new OtsError(
        'invalid-param',
        `${method}: id ${JSON.stringify(oid)} must be a non-empty string without ","`,
      );
    }
  }
  return [oids as string[], options];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new OtsError('sdk-aborted', 'placeAndCancel was aborted by the caller', { status: 0 }));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(
        new OtsError('sdk-aborted', 'placeAndCancel was aborted by the caller while waiting to cancel', {
          status: 0,
        }),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
