/**
 * Per-account risk limits. Every limit is off until an operator sets it, so a newcomer's first
 * orders and the original clients' far-from-market test orders (price 10 for btc) go through.
 * Each refusal has its own code from the catalogue and a message naming the limit and the value.
 */
import { OtsError } from '@ots/protocol';

export interface RiskLimits {
  /** Largest `amount` of one order. */
  max_order_amount?: number;
  /** Largest `price * amount` of one order, in the contract's quote currency. */
  max_order_notional?: number;
  /** Most orders open at once on the account. */
  max_open_orders?: number;
  /** Largest distance of the price from the contract's last price, as a fraction (0.1 = ±10%). */
  price_band?: number;
}

export const RISK_LIMIT_NAMES = [
  'max_order_amount',
  'max_order_notional',
  'max_open_orders',
  'price_band',
] as const;

/** Checks a limits object from an operator: known names, positive finite numbers; `null` clears one. */
export function parseRiskLimits(input: unknown, current: RiskLimits = {}): RiskLimits {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new OtsError('invalid-param', 'limits must be an object such as {"max_order_amount": 10}');
  }
  const next: RiskLimits = { ...current };
  for (const [name, value] of Object.entries(input)) {
    if (!(RISK_LIMIT_NAMES as readonly string[]).includes(name)) {
      throw new OtsError(
        'invalid-param',
        `unknown limit "${name}"; expected one of ${RISK_LIMIT_NAMES.join(', ')}`,
      );
    }
    const key = name as keyof RiskLimits;
    if (value === null) {
      delete next[key];
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new OtsError(
        'invalid-param',
        `limit ${name} must be a positive number (or null to clear it), got ${JSON.stringify(value)}`,
      );
    }
    if (key === 'max_open_orders' && !Number.isInteger(value)) {
      throw new OtsError('invalid-param', `limit max_open_orders must be an integer, got ${value}`);
    }
    next[key] = value;
  }
  return next;
}

export interface RiskCheckInput {
  account: string;
  contract: string;
  price: number;
  amount: number;
  /** Orders open on the account now (before this one). */
  openOrders: number;
  /** The contract's last traded price, if known. */
  lastPrice?: number;
}

/** Throws the first limit the order breaks. Amends pass `openOrders: 0` (they do not add an order). */
export function checkRiskLimits(limits: RiskLimits, order: RiskCheckInput): void {
  const { account, contract, price, amount } = order;
  if (limits.max_order_amount !== undefined && amount > limits.max_order_amount) {
    throw new OtsError(
      'risk-max-amount',
      `amount ${amount} is over the limit of ${limits.max_order_amount} per order on ${account}`,
    );
  }
  const notional = price * amount;
  if (limits.max_order_notional !== undefined && notional > limits.max_order_notional) {
    throw new OtsError(
      'risk-max-notional',
      `notional ${notional} (price ${price} x amount ${amount}) is over the limit of ${limits.max_order_notional} per order on ${account}`,
    );
  }
  if (limits.max_open_orders !== undefined && order.openOrders >= limits.max_open_orders) {
    throw new OtsError(
      'risk-max-open-orders',
      `${account} has ${order.openOrders} open orders, the limit is ${limits.max_open_orders}; cancel some first`,
    );
  }
  if (limits.price_band !== undefined && order.lastPrice !== undefined && order.lastPrice > 0) {
    const low = order.lastPrice * (1 - limits.price_band);
    const high = order.lastPrice * (1 + limits.price_band);
    if (price < low || price > high) {
      throw new OtsError(
        'risk-price-band',
        `price ${price} is outside the band of ±${limits.price_band * 100}% around the last price ${order.lastPrice} of ${contract} (${low} .. ${high})`,
      );
    }
  }
}
