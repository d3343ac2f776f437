/**
 * Orders, fills and account info as they travel on the wire (reference §1.5-1.7), and the order
 * status machine.
 */

export const ORDER_STATUSES = [
  'waiting',
  'pending',
  'part-deal-pending',
  'withdrawing',
  'part-deal-withdrawing',
  'dealt',
  'withdrawn',
  'part-deal-withdrawn',
  'error-order',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses in which an order may still change: PYSDK counts the withdrawing ones as active too. */
export const ACTIVE_STATUSES: readonly OrderStatus[] = [
  'waiting',
  'pending',
  'part-deal-pending',
  'withdrawing',
  'part-deal-withdrawing',
];
export const END_STATUSES: readonly OrderStatus[] = [
  'dealt',
  'withdrawn',
  'part-deal-withdrawn',
  'error-order',
];

/** The `state` query groups: `active` (older docs: `activating`), `end` and PYSDK's `all`. */
export const STATUS_GROUPS: Readonly<Record<string, readonly OrderStatus[]>> = {
  active: ACTIVE_STATUSES,
  activating: ACTIVE_STATUSES,
  end: END_STATUSES,
  all: ORDER_STATUSES,
};

/**
 * The transition table. It extends the 2018 diagram (§1.6) with the moves a real engine makes:
 * an order may fill while a cancel is in flight, and `waiting` may resolve straight to a fill or a
 * rejection. A fill on a partly filled order keeps it `part-deal-pending` (the version still rises).
 */
export const STATUS_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  waiting: ['pending', 'part-deal-pending', 'dealt', 'withdrawn', 'error-order'],
  pending: ['part-deal-pending', 'dealt', 'withdrawing', 'withdrawn'],
  'part-deal-pending': ['part-deal-pending', 'dealt', 'part-deal-withdrawing', 'part-deal-withdrawn'],
  withdrawing: ['withdrawn', 'part-deal-withdrawing', 'dealt'],
  'part-deal-withdrawing': ['part-deal-withdrawn', 'dealt'],
  dealt: [],
  withdrawn: [],
  'part-deal-withdrawn': [],
  'error-order': [],
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function isEndStatus(status: OrderStatus): boolean {
  return END_STATUSES.includes(status);
}

export function isActiveStatus(status: OrderStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/**
 * Expands a `state` query value (`pending`, `active`, `end,dealt`, ...) into statuses.
 * Returns undefined for an unknown name so the caller can answer `invalid-param` naming it.
 */
export function expandStateFilter(state: string): { statuses: OrderStatus[] } | { unknown: string } {
  const out = new Set<OrderStatus>();
  for (const raw of state.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    const group = Object.hasOwn(STATUS_GROUPS, name) ? STATUS_GROUPS[name] : undefined;
    if (group) for (const s of group) out.add(s);
    else if (isOrderStatus(name)) out.add(name);
    else return { unknown: name };
  }
  return { statuses: [...out] };
}

export type Side = 'b' | 's';

/** An order as the REST API and the account websocket send it (§1.6), `version` included. */
export interface Order {
  account: string;
  contract: string;
  bs: Side;
  client_oid: string;
  exchange_oid: string;
  status: OrderStatus;
  entrust_price: number;
  entrust_amount: number;
  entrust_time: string;
  average_dealt_price: number;
  dealt_amount: number;
  last_dealt_amount: number;
  commission: number;
  last_update: string;
  canceled_time: string | null;
  closed_time: string | null;
  exchange_update: string | null;
  version: number;
  options: Record<string, unknown>;
  comment: string;
  tags: Record<string, unknown>;
}

/** A fill (§1.7). */
export interface DealtTrans {
  account: string;
  contract: string;
  bs: Side;
  client_oid: string;
  exchange_oid: string;
  exchange_tid: string;
  dealt_amount: number;
  dealt_price: number;
  dealt_time: string;
  dealt_type: 'maker' | 'taker';
  commission: number;
  commission_currency: string;
  tags: Record<string, unknown>;
}

/** One row of `Info.position` for a spot account. */
export interface SpotPosition {
  contract: string;
  total_amount: number;
  available: number;
  frozen: number;
  market_value: number;
  type: 'spot';
  value_cny?: number;
}

/** Account info (§1.5). Positions of other shapes (margin, future) carry more keys. */
export interface InfoData {
  balance: number;
  cash: number;
  market_value: number;
  market_value_detail: Record<string, number>;
  position: Array<SpotPosition | (Record<string, unknown> & { contract: string })>;
}

/** The SDK's `Info` wrapper: the raw wire object plus `getTotalAmount`. */
export class Info {
  readonly data: InfoData;
  readonly positionDict: ReadonlyMap<string, Record<string, unknown>>;

  constructor(data: InfoData) {
    this.data = data;
    this.positionDict = new Map(
      (data.position ?? []).map((p) => [String(p.contract), p as unknown as Record<string, unknown>]),
    );
  }

  get balance(): number {
    return this.data.balance;
  }

  get position(): InfoData['position'] {
    return this.data.position;
  }

  /** Total amount of a position (`btc`, `eos.usdt`, `btc.usd.q`: no exchange prefix); 0 when absent. */
  getTotalAmount(posSymbol: string): number {
    const row = this.positionDict.get(posSymbol);
    return row ? Number(row.total_amount ?? 0) : 0;
  }

  toJSON(): InfoData {
    return this.data;
  }
}
