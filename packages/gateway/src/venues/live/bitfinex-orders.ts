/**
 * Bitfinex order lookups ccxt 4.5.84 leaves short, fixed on one client instance:
 *
 * - `fetchOrder` asks `auth/r/orders`, which lists active orders only: a cancelled or filled order
 *   comes back as an empty order. We then look in the order history (`fetchClosedOrder`), which is
 *   where Bitfinex keeps it.
 * - A cancel is answered with the order as it was when the request arrived (`ACTIVE`): the reply
 *   says nothing of the outcome, so its status is dropped and the caller asks for the order.
 * - Finding an order by its `cid` (reconciliation): Bitfinex filters by `cid` only together with the
 *   UTC day it was placed, so we look through the open orders and the history instead.
 */
import type { CcxtExchange } from './ccxt-client.js';

interface OrderLike {
  id?: string;
  clientOrderId?: string;
  status?: string;
}

type Method = (...args: unknown[]) => Promise<unknown>;

export function adaptBitfinexClient(client: CcxtExchange): void {
  const target = client as unknown as Record<string, Method>;
  const fetchOpen = target.fetchOrder as Method;
  const cancel = target.cancelOrder as Method;
  target.fetchOrder = async function (
    this: CcxtExchange,
    id: unknown,
    symbol: unknown,
    params: unknown = {},
  ) {
    const open = (await fetchOpen.call(this, id, symbol, params)) as OrderLike;
    if (open?.id !== undefined) return open;
    return this.fetchClosedOrder(String(id), symbol as string | undefined);
  };
  target.cancelOrder = async function (this: CcxtExchange, ...args: unknown[]) {
    const reply = (await cancel.apply(this, args)) as OrderLike;
    return { ...reply, status: undefined };
  };
}

/** The order with this `cid` among the open orders and the recent history; undefined when none. */
export async function findBitfinexOrderByCid(
  client: CcxtExchange,
  clientId: string,
  symbol: string,
): Promise<unknown> {
  const open = (await client.fetchOpenOrders(symbol)) as OrderLike[];
  const found = open.find((o) => o.clientOrderId === clientId);
  if (found) return found;
  const closed = (await client.fetchClosedOrders(symbol, undefined, 2500)) as OrderLike[];
  return closed.find((o) => o.clientOrderId === clientId);
}
