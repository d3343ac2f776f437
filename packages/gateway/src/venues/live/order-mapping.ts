/**
 * ccxt's orders, trades and balances → the protocol's Order (§1.6), DealtTrans (§1.7) and InfoData
 * (§1.5). Pure functions: the trading side passes what it knew before (the stored order) so that
 * fields an exchange leaves out of a reply (OKX's create reply has no status) keep their value.
 */
import type { DealtTrans, InfoData, Order, OrderStatus, Side } from '@ots/protocol';
import { Timestamp } from '@ots/protocol';

/** The part of a ccxt order read here. */
export interface CcxtOrderLike {
  id: string;
  clientOrderId?: string | undefined;
  timestamp?: number | undefined;
  lastTradeTimestamp?: number | undefined;
  lastUpdateTimestamp?: number | undefined;
  status?: string | undefined;
  side?: string | undefined;
  price?: number | undefined;
  amount?: number | undefined;
  filled?: number | undefined;
  average?: number | undefined;
  fee?: { cost?: number | undefined; currency?: string | undefined } | undefined;
}

export interface CcxtTradeLike {
  id: string;
  order?: string | undefined;
  timestamp?: number | undefined;
  side?: string | undefined;
  price: number;
  amount: number;
  takerOrMaker?: string | undefined;
  fee?: { cost?: number | undefined; currency?: string | undefined } | undefined;
}

export function iso(ms: number): string {
  return Timestamp.fromEpochMicros(Math.round(ms) * 1000).toIso();
}

/** `okex/btc.usdt` and `123` give `okex/btc.usdt-123` (reference §2.4). */
export function exchangeOid(contract: string, id: string): string {
  return `${contract}-${id}`;
}

/** The exchange's order id inside an exchange_oid, or undefined when it is not of this contract form. */
export function nativeOrderId(exchange_oid: string): { contract: string; id: string } | undefined {
  const slash = exchange_oid.indexOf('/');
  const dash = exchange_oid.indexOf('-', slash);
  if (slash <= 0 || dash < 0) return undefined;
  return { contract: exchange_oid.slice(0, dash), id: exchange_oid.slice(dash + 1) };
}

/** ccxt status (and fill state) → protocol status; undefined when ccxt does not say. */
export function statusOf(order: CcxtOrderLike): OrderStatus | undefined {
  const filled = order.filled ?? 0;
  switch (order.status) {
    case 'open':
      return filled > 0 ? 'part-deal-pending' : 'pending';
    case 'closed':
      return 'dealt';
    case 'canceled':
    case 'cancelled':
    case 'expired':
      return filled > 0 ? 'part-deal-withdrawn' : 'withdrawn';
    case 'rejected':
      return 'error-order';
    default:
      return undefined;
  }
}

/**
 * Merges an exchange's view of an order into the protocol order we had. The version rises when the
 * status or the filled amount changes; `last_dealt_amount` is what filled since `previous`.
 */
export function mergeOrder(previous: Order, update: CcxtOrderLike, nowMs: number): Order {
  const status = statusOf(update) ?? previous.status;
  const dealt = update.filled ?? previous.dealt_amount;
  const changed = status !== previous.status || dealt !== previous.dealt_amount;
  const updatedMs = update.lastUpdateTimestamp ?? update.lastTradeTimestamp ?? update.timestamp;
  const ended = status === 'dealt' || status === 'withdrawn' || status === 'part-deal-withdrawn';
  const now = iso(nowMs);
  return {
    ...previous,
    exchange_oid: exchangeOid(previous.contract, update.id),
    status,
    entrust_price: update.price ?? previous.entrust_price,
    entrust_amount: update.amount ?? previous.entrust_amount,
    entrust_time:
      update.timestamp !== undefined && previous.status === 'waiting'
        ? iso(update.timestamp)
        : previous.entrust_time,
    average_dealt_price: update.average ?? previous.average_dealt_price,
    dealt_amount: dealt,
    last_dealt_amount: changed ? dealt - previous.dealt_amount : previous.last_dealt_amount,
    commission: update.fee?.cost ?? previous.commission,
    last_update: changed ? now : previous.last_update,
    canceled_time:
      previous.canceled_time ?? (status === 'withdrawn' || status === 'part-deal-withdrawn' ? now : null),
    closed_time: previous.closed_time ?? (ended ? now : null),
    exchange_update: updatedMs !== undefined ? iso(updatedMs) : previous.exchange_update,
    version: changed ? previous.version + 1 : previous.version,
  };
}

/** The order as we know it before the exchange has answered: the intent (`waiting`). */
export function intentOrder(fields: {
  account: string;
  contract: string;
  bs: Side;
  client_oid: string;
  price: number;
  amount: number;
  options: Record<string, unknown>;
  tags: Record<string, unknown>;
  nowMs: number;
}): Order {
  const now = iso(fields.nowMs);
  return {
    account: fields.account,
    contract: fields.contract,
    bs: fields.bs,
    client_oid: fields.client_oid,
    exchange_oid: '',
    status: 'waiting',
    entrust_price: fields.price,
    entrust_amount: fields.amount,
    entrust_time: now,
    average_dealt_price: 0,
    dealt_amount: 0,
    last_dealt_amount: 0,
    commission: 0,
    last_update: now,
    canceled_time: null,
    closed_time: null,
    exchange_update: null,
    version: 0,
    options: fields.options,
    comment: '',
    tags: fields.tags,
  };
}

export function toFill(
  trade: CcxtTradeLike,
  context: { account: string; contract: string; client_oid: string; tags: Record<string, unknown> },
): DealtTrans {
  return {
    account: context.account,
    contract: context.contract,
    bs: trade.side === 'sell' ? 's' : 'b',
    client_oid: context.client_oid,
    exchange_oid: trade.order ? exchangeOid(context.contract, trade.order) : '',
    exchange_tid: exchangeOid(context.contract, trade.id),
    dealt_amount: trade.amount,
    dealt_price: trade.price,
    dealt_time: iso(trade.timestamp ?? Date.now()),
    dealt_type: trade.takerOrMaker === 'taker' ? 'taker' : 'maker',
    commission: trade.fee?.cost ?? 0,
    commission_currency: (trade.fee?.currency ?? '').toLowerCase(),
    tags: context.tags,
  };
}

/** The part of a ccxt balance read here: `{ free: {BTC: 1}, used: {...}, total: {...} }`. */
export interface CcxtBalanceLike {
  free?: Record<string, number | undefined>;
  used?: Record<string, number | undefined>;
  total?: Record<string, number | undefined>;
}

/**
 * A spot account's info. `priceOf(currency)` values one unit in the valuation currency (undefined
 * when unknown: the position is listed with market_value 0 and left out of the totals' detail).
 */
export function toInfo(
  balance: CcxtBalanceLike,
  options: {
    exchange: string;
    valuationCurrency: string;
    cnyRate: number;
    priceOf: (currency: string) => number | undefined;
  },
): InfoData {
  const position: InfoData['position'] = [];
  const detail: Record<string, number> = {};
  let cash = 0;
  let marketValue = 0;
  for (const [code, totalRaw] of Object.entries(balance.total ?? {})) {
    const total = totalRaw ?? 0;
    if (total === 0) continue;
    const currency = code.toLowerCase();
    const available = balance.free?.[code] ?? 0;
    const frozen = balance.used?.[code] ?? 0;
    const price = currency === options.valuationCurrency ? 1 : options.priceOf(currency);
    const value = price === undefined ? 0 : total * price;
    if (currency === options.valuationCurrency) cash += total;
    else if (price !== undefined) {
      marketValue += value;
      detail[currency] = value;
    }
    position.push({
      contract: currency,
      total_amount: total,
      available,
      frozen,
      market_value: value,
      type: 'spot',
      value_cny: value * options.cnyRate,
    });
  }
  return {
    balance: (cash + marketValue) * options.cnyRate,
    cash,
    market_value: marketValue,
    market_value_detail: detail,
    position,
  };
}
