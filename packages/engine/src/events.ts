/**
 * Events as the sink receives them. `order` and `fill` capture the exact integer state at the moment
 * they happen and build their wire objects (numbers, ISO dates) only when first read, so an engine
 * whose consumer ignores them (the bench) never pays for date formatting.
 */
import type { DealtTrans, Order, OrderStatus, Side } from '@ots/protocol';
import type { EngineCommand, EngineTrade, OrderRecord, OrderType } from './api.js';
import type { OrderNode } from './book.js';
import { decimalText } from './decimal-text.js';
import type { Currency, Market } from './market.js';
import {
  F_COMMISSION_UNITS,
  F_DEALT_LOTS,
  F_DEALT_QUOTE_UNITS,
  F_ENTRUST_US,
  F_FROZEN_UNITS,
  F_LAST_DEALT_LOTS,
  F_LAST_UPDATE_US,
  F_LOTS,
  F_PRICE_TICKS,
  F_PRIORITY,
  F_VERSION,
  STRIDE,
} from './order-columns.js';
import { formatIsoUs } from './time.js';
import { stepsToNumber, unitsToNumber } from './units.js';

export function exchangeOid(contract: string, id: number): string {
  return `${contract}-${decimalText(id)}`;
}

export function recordOf(node: OrderNode): OrderRecord {
  return {
    id: node.id,
    account: node.account.name,
    contract: node.market.symbol,
    bs: node.bs,
    type: node.type,
    client_oid: node.client_oid,
    options: node.options,
    tags: node.tags,
    priceTicks: node.priceTicks,
    lots: node.lots,
    dealtLots: node.dealtLots,
    lastDealtLots: node.lastDealtLots,
    dealtQuoteUnits: node.dealtQuoteUnits,
    commissionUnits: node.commissionUnits,
    frozenUnits: node.frozenUnits,
    status: node.status,
    version: node.version,
    priority: node.priority,
    entrustUs: node.entrustUs,
    lastUpdateUs: node.lastUpdateUs,
    canceledUs: node.canceledUs,
    closedUs: node.closedUs,
  };
}

/** The protocol's order (§1.6) for a record of `market`. */
export function orderWire(r: OrderRecord, market: Market): Order {
  const dealt = stepsToNumber(r.dealtLots, market.lot);
  const commissionDecimals = r.bs === 'b' ? market.base.decimals : market.quote.decimals;
  const lastUpdate = formatIsoUs(r.lastUpdateUs);
  const idPrefix = r.contract === market.symbol ? market.idPrefix : `${r.contract}-`;
  // An order closes (and is cancelled) in its last change, so those times are nearly always the
  // last update's: format each distinct time once.
  const closedUs = r.closedUs;
  const canceledUs = r.canceledUs;
  return {
    account: r.account,
    contract: r.contract,
    bs: r.bs,
    client_oid: r.client_oid,
    exchange_oid: idPrefix + decimalText(r.id),
    status: r.status,
    entrust_price: stepsToNumber(r.priceTicks, market.tick),
    entrust_amount: stepsToNumber(r.lots, market.lot),
    entrust_time: r.entrustUs === r.lastUpdateUs ? lastUpdate : formatIsoUs(r.entrustUs),
    average_dealt_price:
      r.dealtLots === 0 ? 0 : unitsToNumber(r.dealtQuoteUnits, market.quote.decimals) / dealt,
    dealt_amount: dealt,
    last_dealt_amount: stepsToNumber(r.lastDealtLots, market.lot),
    commission: unitsToNumber(r.commissionUnits, commissionDecimals),
    last_update: lastUpdate,
    canceled_time:
      canceledUs === null ? null : canceledUs === r.lastUpdateUs ? lastUpdate : formatIsoUs(canceledUs),
    closed_time: closedUs === null ? null : closedUs === r.lastUpdateUs ? lastUpdate : formatIsoUs(closedUs),
    exchange_update: lastUpdate,
    version: r.version,
    options: r.options,
    comment: '',
    tags: r.tags,
  };
}

export class CommandEvent {
  declare readonly kind: 'command';
  declare readonly seq: number;
  declare readonly timeUs: number;
  declare readonly command: EngineCommand;

  constructor(seq: number, timeUs: number, command: EngineCommand) {
    this.seq = seq;
    this.timeUs = timeUs;
    this.command = command;
  }

  toJSON(): { kind: 'command'; seq: number; timeUs: number; command: EngineCommand } {
    return { kind: 'command', seq: this.seq, timeUs: this.timeUs, command: this.command };
  }
}
// `kind` lives on the prototypes: one property fewer to write for each of millions of events.
Object.defineProperty(CommandEvent.prototype, 'kind', { value: 'command', enumerable: true });

const CANCELED: ReadonlySet<OrderStatus> = new Set(['withdrawn', 'part-deal-withdrawn']);
const CLOSED: ReadonlySet<OrderStatus> = new Set([
  'dealt',
  'withdrawn',
  'part-deal-withdrawn',
  'error-order',
]);

/**
 * An order's record from its numbers (`numbers[at + F_*]`, the layout of `OrderColumns`) and the
 * rest of it: an order event's, and a finished order's in the engine's log (`finished-ring.ts`).
 * Positional parameters: an order event builds its record on the trade path, one object each.
 */
export function recordAt(
  numbers: Float64Array,
  at: number,
  id: number,
  account: string,
  contract: string,
  bs: Side,
  type: OrderType,
  status: OrderStatus,
  client_oid: string,
  options: Record<string, unknown>,
  tags: Record<string, unknown>,
): OrderRecord {
  const n = numbers;
  const timeUs = n[at + F_LAST_UPDATE_US];
  return {
    id,
    account,
    contract,
    bs,
    type,
    client_oid,
    options,
    tags,
    priceTicks: n[at + F_PRICE_TICKS],
    lots: n[at + F_LOTS],
    dealtLots: n[at + F_DEALT_LOTS],
    lastDealtLots: n[at + F_LAST_DEALT_LOTS],
    dealtQuoteUnits: n[at + F_DEALT_QUOTE_UNITS],
    commissionUnits: n[at + F_COMMISSION_UNITS],
    frozenUnits: n[at + F_FROZEN_UNITS],
    status,
    version: n[at + F_VERSION],
    priority: n[at + F_PRIORITY],
    entrustUs: n[at + F_ENTRUST_US],
    lastUpdateUs: timeUs,
    canceledUs: CANCELED.has(status) ? timeUs : null,
    closedUs: CLOSED.has(status) ? timeUs : null,
  };
}

/**
 * The numbers of order events, `STRIDE` per event in the layout of `OrderColumns`, in shared
 * chunks that are never written again once an event has its slot.
 *
 * Why: as object fields, an event's eleven numbers cost eleven fields plus a boxed double for each
 * of the five that are not small integers (times, money): about 100 bytes of the 170 an event
 * took, made for every change of every order. Here they are one copy of 88 bytes off the
 * collector's heap. A chunk lives as long as any of its events does (at most `CHUNK_EVENTS` x 88
 * bytes held by one kept event).
 */
const CHUNK_EVENTS = 4096;
let chunk = new Float64Array(CHUNK_EVENTS * STRIDE);
let chunkUsed = 0;

/**
 * An order's change. It copies the order's state as it is now (references, and the numbers into
 * the shared chunk; no strings built), so emitting it is cheap and it stays right after the engine
 * reuses the order's object for another order; `record` and `order` are built when read.
 * An order closes (and is cancelled) in its last change, so those times are this event's time when
 * its status says so.
 */
export class OrderEvent {
  declare readonly kind: 'order';
  // Fields are `declare`d and assigned in the constructor: a plain field declaration compiles to a
  // class field, defined (as undefined) on every object before the constructor assigns it again.
  /** The order's number (in `exchange_oid`) and its market. */
  declare readonly id: number;
  declare readonly market: Market;
  declare readonly account: string;
  declare readonly bs: Side;
  declare private readonly type: OrderType;
  declare readonly client_oid: string;
  declare private readonly options: Record<string, unknown>;
  declare readonly tags: Record<string, unknown>;
  declare private readonly status: OrderStatus;
  /** This event's numbers: `numbers[at + F_*]`. */
  declare readonly numbers: Float64Array;
  declare readonly at: number;
  declare private built: OrderRecord | undefined;
  declare private wire: Order | undefined;

  constructor(node: OrderNode) {
    this.id = node.id;
    this.market = node.market;
    this.account = node.account.name;
    this.bs = node.bs;
    this.type = node.type;
    this.client_oid = node.client_oid;
    this.options = node.options;
    this.tags = node.tags;
    this.status = node.status;
    if (chunkUsed === chunk.length) {
      chunk = new Float64Array(CHUNK_EVENTS * STRIDE);
      chunkUsed = 0;
    }
    const numbers = chunk;
    const at = chunkUsed;
    chunkUsed = at + STRIDE;
    // Straight from the order's columns, same layout: one load and one store each.
    const data = node.cols.data;
    const from = node.slot;
    for (let k = 0; k < STRIDE; k++) numbers[at + k] = data[from + k];
    this.numbers = numbers;
    this.at = at;
    this.built = undefined;
    this.wire = undefined;
  }

  get record(): OrderRecord {
    if (this.built === undefined) {
      this.built = recordAt(
        this.numbers,
        this.at,
        this.id,
        this.account,
        this.market.symbol,
        this.bs,
        this.type,
        this.status,
        this.client_oid,
        this.options,
        this.tags,
      );
    }
    return this.built;
  }

  get order(): Order {
    if (this.wire === undefined) this.wire = orderWire(this.record, this.market);
    return this.wire;
  }

  toJSON(): { kind: 'order'; order: Order; record: OrderRecord } {
    return { kind: 'order', order: this.order, record: this.record };
  }
}
Object.defineProperty(OrderEvent.prototype, 'kind', { value: 'order', enumerable: true });

/** A public trade; `bs` is the taker's side. */
export class TradeEvent {
  declare readonly kind: 'trade';
  declare private readonly market: Market;
  declare private readonly ticks: number;
  declare private readonly lots: number;
  declare private readonly bs: Side;
  declare private readonly timeUs: number;
  declare private built: EngineTrade | undefined;

  constructor(market: Market, ticks: number, lots: number, bs: Side, timeUs: number) {
    this.market = market;
    this.ticks = ticks;
    this.lots = lots;
    this.bs = bs;
    this.timeUs = timeUs;
    this.built = undefined;
  }

  get trade(): EngineTrade {
    if (this.built === undefined) {
      const m = this.market;
      this.built = {
        contract: m.symbol,
        price: stepsToNumber(this.ticks, m.tick),
        amount: stepsToNumber(this.lots, m.lot),
        bs: this.bs,
        timeUs: this.timeUs,
      };
    }
    return this.built;
  }

  toJSON(): { kind: 'trade'; trade: EngineTrade } {
    return { kind: 'trade', trade: this.trade };
  }
}
Object.defineProperty(TradeEvent.prototype, 'kind', { value: 'trade', enumerable: true });

/** A user's balance of one currency after a change. */
export class BalanceEvent {
  declare readonly kind: 'balance';
  declare readonly account: string;
  declare private readonly currencyRef: Currency;
  declare private readonly availableUnits: number;
  declare private readonly frozenUnits: number;

  constructor(account: string, currencyRef: Currency, availableUnits: number, frozenUnits: number) {
    this.account = account;
    this.currencyRef = currencyRef;
    this.availableUnits = availableUnits;
    this.frozenUnits = frozenUnits;
  }

  get currency(): string {
    return this.currencyRef.name;
  }

  get available(): number {
    return unitsToNumber(this.availableUnits, this.currencyRef.decimals);
  }

  get frozen(): number {
    return unitsToNumber(this.frozenUnits, this.currencyRef.decimals);
  }

  toJSON(): { kind: 'balance'; account: string; currency: string; available: number; frozen: number } {
    return {
      kind: 'balance',
      account: this.account,
      currency: this.currency,
      available: this.available,
      frozen: this.frozen,
    };
  }
}
Object.defineProperty(BalanceEvent.prototype, 'kind', { value: 'balance', enumerable: true });

/**
 * One side of a match, as its owner sees it. The order, its side, client_oid and tags, the lots
 * and the time are those of the order's event for the same fill (emitted just before it, and kept
 * by the gateway anyway): the fill holds that event and its own four values, where it held twelve
 * fields and a boxed double for the time.
 */
export class FillEvent {
  declare readonly kind: 'fill';
  /** The filled order's event for this fill: its `lastDealtLots` and `lastUpdateUs` are the fill's. */
  declare private readonly orderEvent: OrderEvent;
  declare readonly tradeId: number;
  declare readonly ticks: number;
  declare readonly commissionUnits: number;
  declare readonly maker: boolean;
  declare private wire: DealtTrans | undefined;

  constructor(
    orderEvent: OrderEvent,
    tradeId: number,
    ticks: number,
    maker: boolean,
    commissionUnits: number,
  ) {
    this.orderEvent = orderEvent;
    this.tradeId = tradeId;
    this.ticks = ticks;
    this.commissionUnits = commissionUnits;
    this.maker = maker;
    this.wire = undefined;
  }

  get market(): Market {
    return this.orderEvent.market;
  }
  get account(): string {
    return this.orderEvent.account;
  }
  get bs(): Side {
    return this.orderEvent.bs;
  }
  get client_oid(): string {
    return this.orderEvent.client_oid;
  }
  get tags(): Record<string, unknown> {
    return this.orderEvent.tags;
  }
  get orderId(): number {
    return this.orderEvent.id;
  }
  get lots(): number {
    const o = this.orderEvent;
    return o.numbers[o.at + F_LAST_DEALT_LOTS];
  }
  get timeUs(): number {
    const o = this.orderEvent;
    return o.numbers[o.at + F_LAST_UPDATE_US];
  }

  get fill(): DealtTrans {
    if (this.wire === undefined) {
      this.wire = fillWire(
        this.market,
        this.account,
        this.bs,
        this.client_oid,
        this.orderId,
        this.tradeId,
        this.lots,
        this.ticks,
        this.timeUs,
        this.maker,
        this.commissionUnits,
        this.tags,
      );
    }
    return this.wire;
  }

  toJSON(): { kind: 'fill'; fill: DealtTrans } {
    return { kind: 'fill', fill: this.fill };
  }
}
Object.defineProperty(FillEvent.prototype, 'kind', { value: 'fill', enumerable: true });

/** The protocol's fill (DealtTrans) from one side of a match. */
export function fillWire(
  m: Market,
  account: string,
  bs: Side,
  client_oid: string,
  orderId: number,
  tradeId: number,
  lots: number,
  ticks: number,
  timeUs: number,
  maker: boolean,
  commissionUnits: number,
  tags: Record<string, unknown>,
): DealtTrans {
  const received = bs === 'b' ? m.base : m.quote;
  return {
    account,
    contract: m.symbol,
    bs,
    client_oid,
    exchange_oid: m.idPrefix + decimalText(orderId),
    exchange_tid: m.idPrefix + decimalText(tradeId),
    dealt_amount: stepsToNumber(lots, m.lot),
    dealt_price: stepsToNumber(ticks, m.tick),
    dealt_time: formatIsoUs(timeUs),
    dealt_type: maker ? 'maker' : 'taker',
    commission: unitsToNumber(commissionUnits, received.decimals),
    commission_currency: received.name,
    tags,
  };
}
