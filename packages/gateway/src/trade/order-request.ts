/**
 * Decoding of the private API's request bodies and query strings (reference §4.4) into what the
 * trade service needs. Every client generation's encodings are accepted: `tags` as an object or
 * `"k:v,k:v"`, `options` as an object or a JSON string; unknown query parameters (`source=...`,
 * `helper=db`) are ignored.
 */
import {
  decodeOptions,
  decodeSide,
  decodeTags,
  expandStateFilter,
  generateClientOid,
  type OrderStatus,
  OtsError,
  parseContract,
  validateClientOid,
} from '@ots/protocol';
import type { PlaceOrderRequest } from '../venues/venue.js';

/** Largest page of `GET /orders?state=...&limit=` and `GET /trans`. */
export const MAX_PAGE = 1000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveNumber(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new OtsError(
      'invalid-param',
      value === undefined
        ? `${field} is missing: expected a positive number`
        : `${field} ${JSON.stringify(value)} is not a positive number`,
    );
  }
  return value;
}

/** The contract of an order body, checked to be on the account's exchange. */
export function decodeContract(value: unknown, exchange: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new OtsError(
      'invalid-param',
      `contract is missing: expected a symbol such as ${exchange}/btc.usdt`,
    );
  }
  const contract = parseContract(value);
  if (contract.exchange !== exchange) {
    throw new OtsError(
      'contract-not-exist',
      `contract ${contract.symbol} is not on exchange ${exchange}: this account trades ${exchange}/... contracts`,
    );
  }
  return contract.symbol;
}

/** `POST /orders`: `{"contract","price","bs","amount","client_oid"?,"tags"?,"options"?}`. */
export function decodePlaceBody(body: unknown, exchange: string): PlaceOrderRequest {
  if (!isObject(body)) {
    throw new OtsError(
      'invalid-param',
      'the body must be a JSON object such as {"contract": "sim/btc.usdt", "price": 10, "bs": "b", "amount": 1}',
    );
  }
  const contract = decodeContract(body.contract, exchange);
  const price = positiveNumber(body, 'price');
  const bs = decodeSide(body.bs);
  const amount = positiveNumber(body, 'amount');
  const given = body.client_oid;
  const client_oid =
    given === undefined || given === null || given === ''
      ? generateClientOid(contract)
      : validateClientOid(given);
  return {
    contract,
    price,
    bs,
    amount,
    client_oid,
    tags: decodeTags(body.tags),
    options: decodeOptions(body.options),
  };
}

/** `PATCH /orders`: `{"price"?, "amount"?}`, at least one. */
export function decodeAmendBody(body: unknown): { price?: number; amount?: number } {
  if (!isObject(body) || (body.price === undefined && body.amount === undefined)) {
    throw new OtsError(
      'invalid-param',
      'the body must be a JSON object with price, amount or both: {"price": 10, "amount": 1}',
    );
  }
  const change: { price?: number; amount?: number } = {};
  if (body.price !== undefined) change.price = positiveNumber(body, 'price');
  if (body.amount !== undefined) change.amount = positiveNumber(body, 'amount');
  return change;
}

export type Query = Record<string, unknown>;

/** A comma-separated batch (`client_oid=a,b,c`); a repeated parameter counts as a batch too. */
export function listParam(query: Query, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  // The common case, one id: no split, trim and set to build.
  if (typeof raw === 'string' && !raw.includes(',') && raw.trim() === raw) return [raw];
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  const list = values.map((v) => v.trim()).filter((v) => v !== '');
  return list.length > 0 ? [...new Set(list)] : undefined;
}

export function stringParam(query: Query, name: string): string | undefined {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === '' ? undefined : String(value);
}

/** `state` as statuses; undefined when absent (the caller's default: the open orders). */
export function stateParam(query: Query): OrderStatus[] | undefined {
  const state = stringParam(query, 'state');
  if (state === undefined) return undefined;
  const expanded = expandStateFilter(state);
  if ('unknown' in expanded) {
    throw new OtsError(
      'invalid-param',
      `state "${expanded.unknown}" is unknown: expected a status (pending, dealt, ...) or a group (active, end, all)`,
    );
  }
  return expanded.statuses;
}

/** `limit`: a page size from 1 to MAX_PAGE. */
export function limitParam(query: Query, fallback?: number): number | undefined {
  const raw = stringParam(query, 'limit');
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw new OtsError('invalid-param', `limit "${raw}" must be an integer from 1 to ${MAX_PAGE}`);
  }
  return n;
}

/** The order ids of a cancel, amend or lookup: `client_oid=...` or `exchange_oid=...`. */
export function orderIdsParam(query: Query): { client_oids?: string[]; exchange_oids?: string[] } {
  const client_oids = listParam(query, 'client_oid');
  const exchange_oids = listParam(query, 'exchange_oid');
  return { client_oids, exchange_oids };
}
