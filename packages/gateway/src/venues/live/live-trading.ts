/**
 * Trading on a live exchange's accounts through ccxt: place, cancel, amend (native edit, or
 * cancel-and-replace where the exchange has none, said in the order's `comment`), orders, fills and
 * info, mapped to the protocol's orders and error codes.
 *
 * Every order's intent (status `waiting`, with its exchange client id) is written to the store
 * before the exchange is called. A call that fails without a clear answer (timeout, network) leaves
 * the intent for reconciliation (reconcile.ts) to settle against the exchange.
 */
import type { DealtTrans, InfoData, Order } from '@ots/protocol';
import { ACTIVE_STATUSES, OtsError } from '@ots/protocol';
import type { OrderQuery, PlaceOrderRequest, VenueTrading } from '../venue.js';
import { type CcxtExchange, type Credentials, createCcxtExchange } from './ccxt-client.js';
import { exchangeClientId } from './client-id.js';
import { toOtsError, UNCERTAIN_CODES } from './error-mapping.js';
import type { LiveVenue } from './live-venue.js';
import type { MappedMarket } from './markets.js';
import {
  type CcxtOrderLike,
  type CcxtTradeLike,
  exchangeOid,
  intentOrder,
  mergeOrder,
  nativeOrderId,
  toFill,
  toInfo,
} from './order-mapping.js';
import type { LiveOrderStore, StoredOrder } from './order-store.js';
import { type Difference, reconcileAccount } from './reconcile.js';

export interface LiveLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface LiveTradingOptions {
  venue: LiveVenue;
  store: LiveOrderStore;
  /** The exchange key of an account (`okex/main`), decrypted by the gateway; undefined if it has none. */
  credentials: (account: string) => Credentials | undefined | Promise<Credentials | undefined>;
  rewriteUrl?: (url: string) => string;
  /** Currency that `info` values in (default `usdt`) and CNY per unit of it (default 1). */
  valuationCurrency?: string;
  cnyRate?: number;
  now?: () => number;
  log?: LiveLog;
}

const SILENT: LiveLog = { info: () => {}, warn: () => {} };

export class LiveTrading implements VenueTrading {
  private readonly clients = new Map<string, Promise<CcxtExchange>>();
  readonly now: () => number;
  readonly log: LiveLog;

  constructor(readonly options: LiveTradingOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? SILENT;
  }

  get profile() {
    return this.options.venue.profile;
  }

  get store(): LiveOrderStore {
    return this.options.store;
  }

  async placeOrder(account: string, request: PlaceOrderRequest): Promise<Order> {
    const type = request.options.type ?? 'limit';
    if (type !== 'limit') {
      // Market, IOC, FOK and post-only orders map differently on each exchange (OKX market buys
      // are in the quote currency, for one); until each is mapped and tested, they are refused.
      throw new OtsError(
        'invalid-param',
        `options.type ${JSON.stringify(type)} is not offered on ${this.profile.code} yet; live orders are limit orders`,
      );
    }
    if (this.profile.kind !== 'spot') {
      // Perpetuals need a margin mode and contract-size handling this venue does not have yet.
      throw new OtsError(
        'not-allowed',
        `trading on ${this.profile.code} is not offered yet; its market data is`,
      );
    }
    const market = (await this.options.venue.loadMarkets()).forContract(request.contract);
    const clientId = exchangeClientId(this.profile, request.contract, request.client_oid);
    const intent = intentOrder({ account, ...request, nowMs: this.now() });
    if (!this.store.writeIntent(intent, clientId)) {
      throw new OtsError(
        'client_oid-already-existed',
        `${account} already has an order with client_oid ${request.client_oid}; use a new client_oid for a new order`,
      );
    }
    const client = await this.client(account);
    let reply: CcxtOrderLike;
    try {
      reply = (await client.createOrder(
        market.ccxtSymbol,
        'limit',
        request.bs === 'b' ? 'buy' : 'sell',
        request.amount,
        request.price,
        { [this.profile.clientId.param]: this.clientIdParam(clientId) },
      )) as CcxtOrderLike;
    } catch (error) {
      const mapped = toOtsError(error, this.profile.ccxtId, 'place order');
      if (UNCERTAIN_CODES.has(mapped.code)) {
        // The order may exist: the intent stays `waiting` for reconciliation to settle.
        this.log.warn(
          { account, client_oid: request.client_oid, code: mapped.code },
          'place order outcome unknown',
        );
      } else {
        this.store.save({
          ...intent,
          status: 'error-order',
          comment: `${mapped.code}: ${mapped.message}`,
          version: 1,
        });
      }
      throw mapped;
    }
    // OKX answers a create with ids only: the order is on the book (pending) unless it says otherwise.
    const placed = mergeOrder(intent, { status: 'open', filled: 0, ...definedOnly(reply) }, this.now());
    this.store.save(placed);
    return placed;
  }

  async cancelOrder(account: string, exchange_oid: string): Promise<Order> {
    const { stored, market, id } = await this.find(account, exchange_oid);
    const client = await this.client(account);
    let reply: CcxtOrderLike;
    try {
      reply = (await client.cancelOrder(id, market.ccxtSymbol)) as CcxtOrderLike;
    } catch (error) {
      throw toOtsError(error, this.profile.ccxtId, 'cancel order');
    }
    // A reply without the status or the filled amount (OKX; HTX says only `canceled`) is completed by a query.
    const fresh =
      reply.status === undefined || reply.filled === undefined
        ? await this.fetchQuietly(client, id, market)
        : reply;
    // A cancel the exchange accepted ends the order even if the follow-up query failed.
    const update = fresh ?? { id, status: 'canceled', filled: stored.order.dealt_amount };
    const order = mergeOrder(stored.order, update, this.now());
    this.store.save(order);
    return order;
  }

  async amendOrder(
    account: string,
    exchange_oid: string,
    change: { price?: number; amount?: number },
  ): Promise<Order> {
    const { stored, market, id } = await this.find(account, exchange_oid);
    const previous = stored.order;
    const client = await this.client(account);
    // A fresh id (where the exchange refuses a used one) is derived from the client_oid and the new
    // version, and stored before the call so that reconciliation can find the replacement.
    const replacementId = this.profile.nativeAmend
      ? undefined
      : this.profile.freshClientIdOnReplace
        ? exchangeClientId(this.profile, previous.contract, `${previous.client_oid}#${previous.version + 1}`)
        : stored.exchangeClientId;
    if (replacementId !== stored.exchangeClientId && replacementId !== undefined)
      this.store.save(previous, replacementId);
    const params =
      replacementId === undefined ? {} : { [this.profile.clientId.param]: this.clientIdParam(replacementId) };
    let reply: CcxtOrderLike;
    try {
      reply = (await client.editOrder(
        id,
        market.ccxtSymbol,
        'limit',
        previous.bs === 'b' ? 'buy' : 'sell',
        change.amount ?? previous.entrust_amount,
        change.price ?? previous.entrust_price,
        params,
      )) as CcxtOrderLike;
    } catch (error) {
      throw toOtsError(error, this.profile.ccxtId, 'amend order');
    }
    const newId = reply.id || id;
    const fresh = (await this.fetchQuietly(client, newId, market)) ?? {
      id: newId,
      price: change.price ?? previous.entrust_price,
      amount: change.amount ?? previous.entrust_amount,
    };
    let order = mergeOrder(previous, fresh, this.now());
    order = {
      ...order,
      version: Math.max(order.version, previous.version + 1),
      last_update: order.last_update,
    };
    if (!this.profile.nativeAmend) {
      order.comment = `amended by cancel-and-replace: ${previous.exchange_oid} was cancelled and replaced by ${order.exchange_oid}`;
    }
    this.store.save(order);
    return order;
  }

  async orders(account: string, query: OrderQuery): Promise<Order[]> {
    return this.store.orders(account, {
      // No statuses means the active ones (the venue interface's rule).
      statuses: query.statuses ?? ACTIVE_STATUSES,
      contract: query.contract,
      clientOids: query.client_oids,
      exchangeOids: query.exchange_oids,
      limit: query.limit,
      before: query.before,
    });
  }

  async fills(
    account: string,
    query: { contract?: string; limit?: number; before?: string },
  ): Promise<DealtTrans[]> {
    await this.syncFills(account, query.contract ? [query.contract] : undefined);
    return this.store.fills(account, query);
  }

  async info(account: string): Promise<InfoData> {
    const client = await this.client(account);
    let balance: Parameters<typeof toInfo>[0];
    try {
      balance = (await client.fetchBalance()) as unknown as Parameters<typeof toInfo>[0];
    } catch (error) {
      throw toOtsError(error, this.profile.ccxtId, 'account info');
    }
    const valuation = this.options.valuationCurrency ?? 'usdt';
    return toInfo(balance, {
      exchange: this.profile.code,
      valuationCurrency: valuation,
      cnyRate: this.options.cnyRate ?? 1,
      priceOf: (currency) => this.options.venue.lastPrice(`${this.profile.code}/${currency}.${valuation}`),
    });
  }

  /**
   * Fetches the account's fills from the exchange for the given contracts (default: those it has
   * orders in) and stores the ones not seen before; returns the new ones.
   */
  async syncFills(account: string, contracts?: readonly string[]): Promise<DealtTrans[]> {
    const markets = await this.options.venue.loadMarkets();
    const client = await this.client(account);
    const wanted = contracts ?? [
      ...new Set(this.store.orders(account, { limit: 10_000 }).map((o) => o.contract)),
    ];
    const found: DealtTrans[] = [];
    for (const contract of wanted) {
      const market = markets.forContract(contract);
      let trades: CcxtTradeLike[];
      try {
        trades = (await client.fetchMyTrades(market.ccxtSymbol)) as CcxtTradeLike[];
      } catch (error) {
        throw toOtsError(error, this.profile.ccxtId, 'fills');
      }
      for (const trade of trades) {
        const owner = trade.order
          ? this.store.byExchangeOid(account, exchangeOid(contract, trade.order))
          : undefined;
        found.push(
          toFill(trade, {
            account,
            contract,
            client_oid: owner?.order.client_oid ?? '',
            tags: owner?.order.tags ?? {},
          }),
        );
      }
    }
    return this.store.addFills(found);
  }

  /** Brings one account's orders and fills in line with the exchange; returns what differed. */
  reconcile(account: string): Promise<Difference[]> {
    return reconcileAccount(this, account);
  }

  /** Reconciles every account with active orders (after a restart or a reconnect). */
  async reconcileAll(): Promise<Difference[]> {
    const all: Difference[] = [];
    const mine = `${this.profile.code}/`;
    for (const account of this.store.accountsWithActiveOrders().filter((a) => a.startsWith(mine))) {
      try {
        all.push(...(await this.reconcile(account)));
      } catch (error) {
        this.log.warn(
          { account, error: String(error) },
          'reconcile failed; will retry on the next reconnect',
        );
      }
    }
    return all;
  }

  /** The client id as the exchange takes it: a number where it is an integer (Bitfinex `cid`, HTX contracts). */
  private clientIdParam(clientId: string): string | number {
    return this.profile.clientId.numeric ? Number(clientId) : clientId;
  }

  /** The ccxt client of an account (its own keys), created once. */
  async client(account: string): Promise<CcxtExchange> {
    let client = this.clients.get(account);
    if (!client) {
      client = this.createClient(account);
      this.clients.set(account, client);
      client.catch(() => this.clients.delete(account));
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map(async (c) => (await c.catch(() => undefined))?.close()));
  }

  /** Fetches an order, or undefined when the exchange cannot say right now. */
  async fetchQuietly(
    client: CcxtExchange,
    id: string,
    market: MappedMarket,
  ): Promise<CcxtOrderLike | undefined> {
    try {
      return (await client.fetchOrder(id, market.ccxtSymbol)) as CcxtOrderLike;
    } catch (error) {
      this.log.warn({ id, error: String(error) }, 'order query after an action failed');
      return undefined;
    }
  }

  private async createClient(account: string): Promise<CcxtExchange> {
    const credentials = await this.options.credentials(account);
    if (!credentials) {
      throw new OtsError(
        'invalid-account-config',
        `${account} has no exchange API key; create it with its key`,
      );
    }
    const markets = await this.options.venue.loadMarkets();
    const client = await createCcxtExchange(this.profile, {
      rewriteUrl: this.options.rewriteUrl,
      credentials,
    });
    // The venue loaded the markets once; every account's client shares them.
    client.setMarkets(markets.ccxtMarkets() as never);
    return client;
  }

  /** The stored order behind an exchange_oid (adopting it from the exchange if we never saw it). */
  private async find(
    account: string,
    exchange_oid: string,
  ): Promise<{ stored: StoredOrder; market: MappedMarket; id: string }> {
    const parsed = nativeOrderId(exchange_oid);
    const markets = await this.options.venue.loadMarkets();
    if (!parsed || !markets.has(parsed.contract)) {
      throw new OtsError(
        'exchange_oid-not-found',
        `no order ${exchange_oid} on ${account}: expected {contract}-{exchange order id}, e.g. ${this.profile.code}/btc.usdt-123`,
      );
    }
    const market = markets.forContract(parsed.contract);
    let stored = this.store.byExchangeOid(account, exchange_oid);
    if (!stored) {
      const client = await this.client(account);
      const remote = await this.fetchQuietly(client, parsed.id, market);
      if (!remote) throw new OtsError('exchange_oid-not-found', `no order ${exchange_oid} on ${account}`);
      stored = this.adopt(account, parsed.contract, remote);
    }
    return { stored, market, id: parsed.id };
  }

  /** Stores an order found on the exchange that we had no record of, and says so in the log. */
  adopt(account: string, contract: string, remote: CcxtOrderLike): StoredOrder {
    const clientId = remote.clientOrderId || `x${remote.id}`;
    const base = intentOrder({
      account,
      contract,
      bs: remote.side === 'sell' ? 's' : 'b',
      client_oid: `${contract}-${clientId}`,
      price: remote.price ?? 0,
      amount: remote.amount ?? 0,
      options: {},
      tags: {},
      nowMs: remote.timestamp ?? this.now(),
    });
    const order = {
      ...mergeOrder(base, remote, this.now()),
      comment: 'found on the exchange; not placed through OTS',
    };
    this.store.adopt(order, clientId);
    this.log.warn(
      { account, exchange_oid: order.exchange_oid, status: order.status },
      'adopted an order unknown to OTS',
    );
    return this.store.byExchangeOid(account, order.exchange_oid) ?? { order, exchangeClientId: clientId };
  }
}

/** Drops undefined fields so that they do not hide the defaults merged under them. */
function definedOnly(order: CcxtOrderLike): CcxtOrderLike {
  return Object.fromEntries(
    Object.entries(order).filter(([, v]) => v !== undefined),
  ) as unknown as CcxtOrderLike;
}
