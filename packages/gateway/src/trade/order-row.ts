/**
 * How the trade store keeps one order in a `trade_orders` row, and how it gets it back.
 *
 * A row holds the order's identity in columns (id, exchange_oid, account, client_oid, contract,
 * status) and the rest in `fields`, ONE JSON array: the other values of the wire `Order`, in the
 * wire form's key order, then, while the order is open, the fields of the engine's exact
 * `OrderRecord` that the wire form lacks. Each order event is serialised once, as an array (no key
 * names: about half the time and a third of the bytes of the wire object, and smaller rows mean
 * fewer pages per group commit), and the wire object is rebuilt, key for key and in the same key
 * order, when read.
 *
 * Both rebuilds are object literals typed `Order` and `OrderRecord`: a field added to either type
 * fails to compile here until it is stored.
 */
import type { OrderRecord } from '@ots/engine';
import type { Order } from '@ots/protocol';

/** The wire values that are not columns, in the wire form's key order. */
type WireFields = [
  bs: Order['bs'],
  entrust_price: number,
  entrust_amount: number,
  entrust_time: string,
  average_dealt_price: number,
  dealt_amount: number,
  last_dealt_amount: number,
  commission: number,
  last_update: string,
  canceled_time: string | null,
  closed_time: string | null,
  exchange_update: string | null,
  version: number,
  options: Record<string, unknown>,
  comment: string,
  tags: Record<string, unknown>,
];

/** The record's values that the wire form does not carry (the id is the row's). */
type EngineFields = [
  type: OrderRecord['type'],
  priceTicks: number,
  lots: number,
  dealtLots: number,
  lastDealtLots: number,
  dealtQuoteUnits: number,
  commissionUnits: number,
  frozenUnits: number,
  priority: number,
  entrustUs: number,
  lastUpdateUs: number,
  canceledUs: number | null,
  closedUs: number | null,
];

type Fields = WireFields | [...WireFields, ...EngineFields];

const WIRE_LENGTH = 16;

/** The order's columns as stored: what `encodeFields` leaves out. */
export interface OrderColumns {
  exchange_oid: string;
  account: string;
  client_oid: string;
  contract: string;
  status: Order['status'];
}

/** The `fields` text of an order; `record` is given for an open order (restore needs it). */
export function encodeFields(o: Order, record: OrderRecord | undefined): string {
  const fields: Fields = [
    o.bs,
    o.entrust_price,
    o.entrust_amount,
    o.entrust_time,
    o.average_dealt_price,
    o.dealt_amount,
    o.last_dealt_amount,
    o.commission,
    o.last_update,
    o.canceled_time,
    o.closed_time,
    o.exchange_update,
    o.version,
    o.options,
    o.comment,
    o.tags,
  ] satisfies WireFields;
  if (record !== undefined) {
    const r = record;
    const engine: EngineFields = [
      r.type,
      r.priceTicks,
      r.lots,
      r.dealtLots,
      r.lastDealtLots,
      r.dealtQuoteUnits,
      r.commissionUnits,
      r.frozenUnits,
      r.priority,
      r.entrustUs,
      r.lastUpdateUs,
      r.canceledUs,
      r.closedUs,
    ];
    (fields as unknown[]).push(...engine);
  }
  return JSON.stringify(fields);
}

/** The wire order of a row (the same keys in the same order as the engine's wire form). */
export function decodeOrder(c: OrderColumns, fieldsText: string): Order {
  return orderOf(c, JSON.parse(fieldsText) as Fields);
}

/** The engine's record of an open order's row; undefined when the row holds none (a finished order). */
export function decodeRecord(id: number, c: OrderColumns, fieldsText: string): OrderRecord | undefined {
  const f = JSON.parse(fieldsText) as Fields;
  if (f.length === WIRE_LENGTH) return undefined;
  const e = f as [...WireFields, ...EngineFields];
  return {
    id,
    account: c.account,
    contract: c.contract,
    bs: e[0],
    type: e[16],
    client_oid: c.client_oid,
    options: e[13],
    tags: e[15],
    priceTicks: e[17],
    lots: e[18],
    dealtLots: e[19],
    lastDealtLots: e[20],
    dealtQuoteUnits: e[21],
    commissionUnits: e[22],
    frozenUnits: e[23],
    status: c.status,
    version: e[12],
    priority: e[24],
    entrustUs: e[25],
    lastUpdateUs: e[26],
    canceledUs: e[27],
    closedUs: e[28],
  };
}

function orderOf(c: OrderColumns, f: Fields): Order {
  return {
    account: c.account,
    contract: c.contract,
    bs: f[0],
    client_oid: c.client_oid,
    exchange_oid: c.exchange_oid,
    status: c.status,
    entrust_price: f[1],
    entrust_amount: f[2],
    entrust_time: f[3],
    average_dealt_price: f[4],
    dealt_amount: f[5],
    last_dealt_amount: f[6],
    commission: f[7],
    last_update: f[8],
    canceled_time: f[9],
    closed_time: f[10],
    exchange_update: f[11],
    version: f[12],
    options: f[13],
    comment: f[14],
    tags: f[15],
  };
}

/** The engine's order number at the end of an exchange_oid (`{contract}-{id}`), if it has one. */
export function orderIdOf(exchangeOid: string): number | undefined {
  const digits = exchangeOid.slice(exchangeOid.lastIndexOf('-') + 1);
  if (!/^[1-9][0-9]{0,15}$/.test(digits)) return undefined;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : undefined;
}
