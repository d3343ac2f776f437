/**
 * Bithumb (API 2.x) where ccxt 4.5.84 falls short, fixed on one client instance:
 *
 * - Fills: ccxt has no `fetchMyTrades` for Bithumb. The fills are the `trades` of each order's
 *   detail (`GET /v1/order`), and they carry no id, no maker/taker and no fee of their own. We give
 *   each fill the id `{order id}-{n}`, its place among the order's fills (oldest first), which is
 *   stable because an order's fills only grow; maker/taker and the fee stay unknown (the order
 *   carries the fee it paid in all).
 * - Orders: ccxt reads an order's filled amount from its trades, whose volume it cannot read, and
 *   its fee from the fee still reserved; the order's own totals (remaining volume, fee paid) are used.
 * - Errors: Bithumb names each error (`insufficient_funds_bid`, `order_not_found`, ...) and ccxt
 *   keeps only the human message; we keep the name in the message so that the error mapping can
 *   rely on it.
 */
import type { CcxtExchange, CcxtModule } from './ccxt-client.js';

interface OrderLike {
  id?: string;
  filled?: number;
  side?: string;
  symbol?: string;
  info?: { trades?: Array<{ price?: string; volume?: string; created_at?: string }> };
}

type Method = (...args: unknown[]) => unknown;

/** The order states Bithumb lists orders by (open, done, cancelled). */
const STATES = ['wait', 'done', 'cancel'];

export function adaptBithumbClient(client: CcxtExchange, ccxt: CcxtModule): void {
  const target = client as unknown as Record<string, Method>;
  const errors = (ccxt as unknown as { default: Record<string, unknown> }).default;
  // ccxt knows Bithumb's older error texts, not the API 2.x error names: add the ones that decide a class.
  Object.assign(client.exceptions as Record<string, unknown>, {
    invalid_access_key: errors.AuthenticationError,
    jwt_verification: errors.AuthenticationError,
    expired_access_key: errors.AuthenticationError,
    insufficient_funds_bid: errors.InsufficientFunds,
    insufficient_funds_ask: errors.InsufficientFunds,
    under_min_total_bid: errors.InvalidOrder,
    under_min_total_ask: errors.InvalidOrder,
    invalid_volume: errors.InvalidOrder,
    invalid_price: errors.InvalidOrder,
    order_not_found: errors.OrderNotFound,
  });
  const handleErrors = target.handleErrors as Method;
  target.handleErrors = function (this: CcxtExchange, ...args: unknown[]) {
    const response = args[6] as { error?: { name?: string } } | undefined;
    try {
      return handleErrors.apply(this, args);
    } catch (error) {
      const name = response?.error?.name;
      if (error instanceof Error && name) error.message = `${error.message} [${name}]`;
      throw error;
    }
  };
  // ccxt sums an order's `trades` for its filled amount but cannot read their volume (filled is then
  // 0), and takes the fee still reserved for the fee paid: the order's own totals are used instead.
  const parseOrder = target.parseOrder as Method;
  target.parseOrder = function (this: CcxtExchange, raw: unknown, market: unknown) {
    const order = raw as Record<string, unknown>;
    const parsed = parseOrder.call(this, { ...order, trades: undefined }, market) as Record<string, unknown>;
    parsed.info = order;
    const paid = Number(order.paid_fee);
    const fee = parsed.fee as { cost?: number } | undefined;
    if (fee && Number.isFinite(paid)) fee.cost = paid;
    return parsed;
  };
  target.fetchMyTrades = async function (this: CcxtExchange, symbol: unknown) {
    const fills: unknown[] = [];
    for (const state of STATES) {
      const orders = (await this.fetchOrders(symbol as string, undefined, 100, { state })) as OrderLike[];
      for (const listed of orders) {
        if (!listed.id || !(listed.filled && listed.filled > 0)) continue;
        const order = (await this.fetchOrder(listed.id, symbol as string)) as OrderLike;
        // ccxt does not read the volume of these trades, so they are read as Bithumb sent them.
        (order.info?.trades ?? []).forEach((trade, i) => {
          fills.push({
            id: `${listed.id}-${i + 1}`,
            order: listed.id,
            symbol: order.symbol,
            side: order.side,
            price: Number(trade.price),
            amount: Number(trade.volume),
            timestamp: trade.created_at ? Date.parse(trade.created_at) : undefined,
          });
        });
      }
    }
    return fills;
  };
  client.has.fetchMyTrades = true;
}
