/**
 * Events as the sink receives them. `order` and `fill` capture the exact integer state at the moment
 * they happen and build their wire objects (numbers, ISO dates) only when first read, so an engine
 * whose consumer ignores them (the bench) never pays for date formatting.
 */
import type { DealtTrans, Order, Side } from '@ots/protocol';
import type { EngineCommand, OrderRecord } from './api.js';
import type { OrderNode } from './book.js';
import type { Market } from './market.js';
import { formatIsoUs } from './time.js';
import { stepsToNumber, unitsToNumber } from './units.js';

export function exchangeOid(contract: string, id: number): string {
  return `${contract}-${id}`;
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
  return {
    account: r.account,
    contract: r.contract,
    bs: r.bs,
    client_oid: r.client_oid,
    exchange_oid: exchangeOid(r.contract, r.id),
    status: r.status,
    entrust_price: stepsToNumber(r.priceTicks, market.tick),
    entrust_amount: stepsToNumber(r.lots, market.lot),
    entrust_time: formatIsoUs(r.entrustUs),
    average_dealt_price:
      r.dealtLots === 0 ? 0 : unitsToNumber(r.dealtQuoteUnits, market.quote.decimals) / dealt,
    dealt_amount: dealt,
    last_dealt_amount: stepsToNumber(r.lastDealtLots, market.lot),
    commission: unitsToNumber(r.commissionUnits, commissionDecimals),
    last_update: lastUpdate,
    canceled_time: r.canceledUs === null ? null : formatIsoUs(r.canceledUs),
    closed_time: r.closedUs === null ? null : formatIsoUs(r.closedUs),
    exchange_update: lastUpdate,
    version: r.version,
    options: r.options,
    comment: '',
    tags: r.tags,
  };
}

export class CommandEvent {
  readonly kind = 'command' as const;
  constructor(
    readonly seq: number,
    readonly timeUs: number,
    readonly command: EngineCommand,
  ) {}
}

export class OrderEvent {
  readonly kind = 'order' as const;
  readonly record: OrderRecord;
  private readonly market: Market;
  private wire: Order | undefined;

  constructor(node: OrderNode) {
    this.record = recordOf(node);
    this.market = node.market;
  }

  get order(): Order {
    if (this.wire === undefined) this.wire = orderWire(this.record, this.market);
    return this.wire;
  }

  toJSON(): { kind: 'order'; order: Order; record: OrderRecord } {
    return { kind: 'order', order: this.order, record: this.record };
  }
}

/** One side of a match, as its owner sees it. */
export class FillEvent {
  readonly kind = 'fill' as const;
  private wire: DealtTrans | undefined;

  constructor(
    readonly market: Market,
    readonly account: string,
    readonly bs: Side,
    readonly client_oid: string,
    readonly orderId: number,
    readonly tradeId: number,
    readonly lots: number,
    readonly ticks: number,
    readonly timeUs: number,
    readonly maker: boolean,
    readonly commissionUnits: number,
    readonly tags: Record<string, unknown>,
  ) {}

  get fill(): DealtTrans {
    if (this.wire === undefined) {
      const m = this.market;
      const received = this.bs === 'b' ? m.base : m.quote;
      this.wire = {
        account: this.account,
        contract: m.symbol,
        bs: this.bs,
        client_oid: this.client_oid,
        exchange_oid: exchangeOid(m.symbol, this.orderId),
        exchange_tid: exchangeOid(m.symbol, this.tradeId),
        dealt_amount: stepsToNumber(this.lots, m.lot),
        dealt_price: stepsToNumber(this.ticks, m.tick),
        dealt_time: formatIsoUs(this.timeUs),
        dealt_type: this.maker ? 'maker' : 'taker',
        commission: unitsToNumber(this.commissionUnits, received.decimals),
        commission_currency: received.name,
        tags: this.tags,
      };
    }
    return this.wire;
  }

  toJSON(): { kind: 'fill'; fill: DealtTrans } {
    return { kind: 'fill', fill: this.fill };
  }
}

/** A fill known only by its wire form (restored from a journal or snapshot). */
export interface StoredFill {
  readonly fill: DealtTrans;
}
