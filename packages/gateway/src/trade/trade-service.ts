/**
 * The trade service: what every private endpoint does once the request is authenticated. It is
 * venue-agnostic (the venue's `VenueTrading` does the trading and the persisting) and owns the
 * gateway's own rules: accounts must exist, the kill switch, risk limits, batch semantics.
 */
import { type DealtTrans, type InfoData, ORDER_STATUSES, type Order, OtsError } from '@ots/protocol';
import type { OrderQuery, PlaceOrderRequest, VenueTrading } from '../venues/venue.js';
import type { AccountRecord, AccountStore } from './account-store.js';
import {
  decodeAmendBody,
  decodePlaceBody,
  limitParam,
  orderIdsParam,
  type Query,
  stateParam,
  stringParam,
} from './order-request.js';
import { checkRiskLimits, type RiskLimits } from './risk-limits.js';

export interface OrderRef {
  exchange_oid: string;
  client_oid: string;
}

/** One failed member of a batch, as `partial-success` lists it. */
export interface BatchError {
  exchange_oid?: string;
  client_oid?: string;
  code: string;
  message: string;
}

export interface TradeServiceDeps {
  accounts: AccountStore;
  /** The trading side of an exchange's venue, if it has one. */
  trading(exchange: string): VenueTrading | undefined;
  /** Last traded price of a contract, for the price band (undefined when unknown). */
  lastPrice(contract: string): number | undefined;
  /**
   * Whether the venue holds this order of the account in memory right now (the sim engine does for
   * open and recently finished orders): a cancel by exchange_oid then goes straight to the venue
   * instead of reading the store, which would first wait for the pending group commit.
   */
  holdsOrder?(exchange: string, account: string, exchange_oid: string): boolean;
}

const refOf = (o: Order): OrderRef => ({ exchange_oid: o.exchange_oid, client_oid: o.client_oid });

export class TradeService {
  constructor(private readonly deps: TradeServiceDeps) {}

  /** The account and its venue, or `account-not-exist` / `not-allowed`. */
  resolve(account: string): { record: AccountRecord; trading: VenueTrading } {
    const record = this.deps.accounts.require(account);
    return { record, trading: this.tradingOf(record) };
  }

  /** The venue of an account's exchange, or `not-allowed`. */
  private tradingOf(record: AccountRecord): VenueTrading {
    const trading = this.deps.trading(record.exchange);
    if (!trading)
      throw new OtsError('not-allowed', `exchange ${record.exchange} is not trading on this gateway now`);
    return trading;
  }

  info(account: string): Promise<InfoData> {
    return this.resolve(account).trading.info(account);
  }

  /**
   * `POST /orders`. Not `async`: an order without risk limits to check goes to the venue with no
   * promise of its own in between (the request path's hottest route); failures still reject.
   */
  place(account: string, body: unknown): Promise<OrderRef> {
    try {
      const record = this.deps.accounts.require(account);
      const trading = this.tradingOf(record);
      const request = decodePlaceBody(body, record.exchange);
      if (record.halted) throw halted(account);
      if (hasAny(record.limits)) return this.placeWithinLimits(account, record.limits, trading, request);
      return trading.placeOrder(account, request).then(refOf);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async placeWithinLimits(
    account: string,
    limits: RiskLimits,
    trading: VenueTrading,
    request: PlaceOrderRequest,
  ): Promise<OrderRef> {
    const openOrders = limits.max_open_orders === undefined ? 0 : (await trading.orders(account, {})).length;
    checkRiskLimits(limits, {
      account,
      contract: request.contract,
      price: request.price,
      amount: request.amount,
      openOrders,
      lastPrice: this.deps.lastPrice(request.contract),
    });
    return refOf(await trading.placeOrder(account, request));
  }

  async amend(account: string, query: Query, body: unknown): Promise<OrderRef> {
    const { record, trading } = this.resolve(account);
    const change = decodeAmendBody(body);
    const order = await this.findOne(trading, account, query);
    if (record.halted) throw halted(account);
    if (Object.keys(record.limits).length > 0) {
      // An amend adds no order, so the open-order count does not apply.
      checkRiskLimits(
        { ...record.limits, max_open_orders: undefined },
        {
          account,
          contract: order.contract,
          price: change.price ?? order.entrust_price,
          amount: change.amount ?? order.entrust_amount,
          openOrders: 0,
          lastPrice: this.deps.lastPrice(order.contract),
        },
      );
    }
    return refOf(await trading.amendOrder(account, order.exchange_oid, change));
  }

  /**
   * `DELETE /orders?client_oid=a,b` or `?exchange_oid=...`: one id answers one object, a batch a
   * list; a batch where some fail throws `partial-success` carrying both lists.
   */
  cancel(account: string, query: Query): Promise<OrderRef | OrderRef[]> {
    try {
      const record = this.deps.accounts.require(account);
      const trading = this.tradingOf(record);
      const ids = requireIds(query, 'cancel');
      // One id, the common case: no batch bookkeeping and no promise of its own in between.
      if (ids.list.length === 1) return this.cancelOne(record, trading, ids.kind, ids.list[0]).then(refOf);
      return this.cancelBatch(record, trading, ids);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** A cancel by exchange_oid of an order the venue holds goes straight to it; others look the id up. */
  private cancelOne(
    record: AccountRecord,
    trading: VenueTrading,
    kind: 'client_oid' | 'exchange_oid',
    id: string,
  ): Promise<Order> {
    const account = record.account;
    // The venue refuses a cancel of a finished order itself; the store lookup only finds the id.
    if (kind === 'exchange_oid' && this.deps.holdsOrder?.(record.exchange, account, id) === true)
      return trading.cancelOrder(account, id);
    return this.lookup(trading, account, kind, id).then((order) =>
      trading.cancelOrder(account, order.exchange_oid),
    );
  }

  private async cancelBatch(
    record: AccountRecord,
    trading: VenueTrading,
    ids: { kind: 'client_oid' | 'exchange_oid'; list: string[] },
  ): Promise<OrderRef[]> {
    const success: OrderRef[] = [];
    const errors: BatchError[] = [];
    for (const id of ids.list) {
      try {
        success.push(refOf(await this.cancelOne(record, trading, ids.kind, id)));
      } catch (err) {
        if (!(err instanceof OtsError)) throw err;
        errors.push({ [ids.kind]: id, code: err.code, message: err.message });
      }
    }
    if (errors.length > 0)
      throw partial(`${errors.length} of ${ids.list.length} cancels failed`, success, errors);
    return success;
  }

  /** Cancels every open order of the account (of one contract, if given). */
  async cancelAll(account: string, query: Query): Promise<{ status: 'success' }> {
    const { trading } = this.resolve(account);
    const contract = stringParam(query, 'contract');
    await cancelEverything(trading, account, contract);
    return { status: 'success' };
  }

  /**
   * `GET /orders`: open orders by default; `state`, `contract`, `client_oid`, `exchange_oid` filter.
   * With ids, every id must be found (else `*-not-found`, or `partial-success` for a batch).
   * `limit` and `before` (the last exchange_oid of the previous page) page through, newest first.
   */
  async orders(account: string, query: Query): Promise<Order[]> {
    const { trading } = this.resolve(account);
    const statuses = stateParam(query);
    const { client_oids, exchange_oids } = orderIdsParam(query);
    const byIds = client_oids !== undefined || exchange_oids !== undefined;
    const venueQuery: OrderQuery = {
      // Looking orders up by id finds them whatever their status, unless a state was asked for.
      statuses: statuses ?? (byIds ? ORDER_STATUSES : undefined),
      contract: stringParam(query, 'contract'),
      client_oids,
      exchange_oids,
      limit: limitParam(query),
      before: stringParam(query, 'before'),
    };
    const found = await trading.orders(account, venueQuery);
    if (!byIds) return found;
    const errors: BatchError[] = [];
    for (const [kind, list] of [
      ['client_oid', client_oids],
      ['exchange_oid', exchange_oids],
    ] as const) {
      for (const id of list ?? []) {
        if (!found.some((o) => o[kind] === id)) {
          errors.push({
            [kind]: id,
            code: `${kind}-not-found`,
            message: `no order with ${kind} ${id} on ${account}`,
          });
        }
      }
    }
    if (errors.length === 0) return found;
    const asked = (client_oids?.length ?? 0) + (exchange_oids?.length ?? 0);
    if (asked === 1) throw new OtsError(errors[0].code, errors[0].message);
    throw partial(`${errors.length} of ${asked} orders were not found`, found, errors);
  }

  /** `GET /trans`: fills, newest first; `contract`, `limit` (default 100), `before` (an exchange_tid). */
  trans(account: string, query: Query): Promise<DealtTrans[]> {
    const { trading } = this.resolve(account);
    return trading.fills(account, {
      contract: stringParam(query, 'contract'),
      limit: limitParam(query, 100),
      before: stringParam(query, 'before'),
    });
  }

  /** `GET /status`: the account's health as an object (the 2018 README's "int 1..100" is `score`). */
  status(account: string): { status: 'ok' | 'halted'; score: number; account: string; halted: boolean } {
    const { record } = this.resolve(account);
    return { status: record.halted ? 'halted' : 'ok', score: 100, account, halted: record.halted };
  }

  /** The kill switch: refuse new orders on the account, then cancel everything it has open. */
  async halt(account: string): Promise<number> {
    const { trading } = this.resolve(account);
    this.deps.accounts.setHalted(account, true);
    return cancelEverything(trading, account, undefined);
  }

  resume(account: string): void {
    this.resolve(account);
    this.deps.accounts.setHalted(account, false);
  }

  private async findOne(trading: VenueTrading, account: string, query: Query): Promise<Order> {
    const ids = requireIds(query, 'amend');
    if (ids.list.length > 1)
      throw new OtsError('invalid-param', 'amend takes one order: one client_oid or one exchange_oid');
    return this.lookup(trading, account, ids.kind, ids.list[0]);
  }

  private async lookup(
    trading: VenueTrading,
    account: string,
    kind: 'client_oid' | 'exchange_oid',
    id: string,
  ): Promise<Order> {
    const [order] = await trading.orders(account, {
      statuses: ORDER_STATUSES,
      ...(kind === 'client_oid' ? { client_oids: [id] } : { exchange_oids: [id] }),
    });
    if (!order) throw new OtsError(`${kind}-not-found`, `no order with ${kind} ${id} on ${account}`);
    return order;
  }
}

/** True when the object has an own enumerable key (no array of keys built to find out). */
function hasAny(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function requireIds(query: Query, what: string): { kind: 'client_oid' | 'exchange_oid'; list: string[] } {
  const { client_oids, exchange_oids } = orderIdsParam(query);
  if (client_oids && exchange_oids) {
    throw new OtsError('invalid-param', `${what} by client_oid or by exchange_oid, not both`);
  }
  if (client_oids) return { kind: 'client_oid', list: client_oids };
  if (exchange_oids) return { kind: 'exchange_oid', list: exchange_oids };
  throw new OtsError(
    'invalid-param',
    `${what} needs client_oid=... or exchange_oid=... (comma-separated for a batch)`,
  );
}

async function cancelEverything(
  trading: VenueTrading,
  account: string,
  contract: string | undefined,
): Promise<number> {
  let cancelled = 0;
  for (const order of await trading.orders(account, { contract })) {
    try {
      await trading.cancelOrder(account, order.exchange_oid);
      cancelled++;
    } catch (err) {
      // An order that filled or ended meanwhile is not an error for "cancel everything".
      if (!(err instanceof OtsError) || err.code !== 'exg-cancel-order-not-exist') throw err;
    }
  }
  return cancelled;
}

function halted(account: string): OtsError {
  return new OtsError(
    'account-halted',
    `${account} is halted by its operator (ots accounts resume ${account} lifts it)`,
  );
}

function partial(message: string, success: unknown[], error: BatchError[]): OtsError {
  return new OtsError('partial-success', message, { data: { success, error } });
}
