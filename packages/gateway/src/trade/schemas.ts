/**
 * JSON schemas of the private API: fastify validates requests with them and the OpenAPI document
 * is generated from them. Bodies keep `additionalProperties` open (clients add keys), and the field
 * rules that need words (contract symbols, client_oid characters) are checked again by the decoders,
 * which name what was wrong.
 */
import { ORDER_STATUSES } from '@ots/protocol';

const nullableString = { type: ['string', 'null'] } as const;

export const orderSchema = {
  $id: 'OtsOrder',
  type: 'object',
  description: 'An order (reference §1.6)',
  additionalProperties: true,
  properties: {
    account: { type: 'string', examples: ['sim/alice'] },
    contract: { type: 'string', examples: ['sim/btc.usdt'] },
    bs: { type: 'string', enum: ['b', 's'] },
    client_oid: { type: 'string' },
    exchange_oid: { type: 'string', examples: ['sim/btc.usdt-12'] },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    entrust_price: { type: 'number' },
    entrust_amount: { type: 'number' },
    entrust_time: { type: 'string', description: 'ISO 8601 with offset' },
    average_dealt_price: { type: 'number' },
    dealt_amount: { type: 'number' },
    last_dealt_amount: { type: 'number' },
    commission: { type: 'number' },
    last_update: { type: 'string' },
    canceled_time: nullableString,
    closed_time: nullableString,
    exchange_update: nullableString,
    version: { type: 'integer' },
    options: { type: 'object', additionalProperties: true },
    comment: { type: 'string' },
    tags: { type: 'object', additionalProperties: true },
  },
} as const;

export const fillSchema = {
  type: 'object',
  description: 'A fill (reference §1.7)',
  additionalProperties: true,
  properties: {
    account: { type: 'string' },
    contract: { type: 'string' },
    bs: { type: 'string', enum: ['b', 's'] },
    client_oid: { type: 'string' },
    exchange_oid: { type: 'string' },
    exchange_tid: { type: 'string' },
    dealt_amount: { type: 'number' },
    dealt_price: { type: 'number' },
    dealt_time: { type: 'string' },
    dealt_type: { type: 'string', enum: ['maker', 'taker'] },
    commission: { type: 'number' },
    commission_currency: { type: 'string' },
    tags: { type: 'object', additionalProperties: true },
  },
} as const;

export const infoSchema = {
  type: 'object',
  description:
    'Account info (reference §1.5); money figures are valued in the valuation currency times its CNY rate',
  additionalProperties: true,
  properties: {
    balance: { type: 'number' },
    cash: { type: 'number' },
    market_value: { type: 'number' },
    market_value_detail: { type: 'object', additionalProperties: { type: 'number' } },
    position: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export const orderRefSchema = {
  type: 'object',
  properties: { exchange_oid: { type: 'string' }, client_oid: { type: 'string' } },
  required: ['exchange_oid', 'client_oid'],
} as const;

export const errorSchema = {
  type: 'object',
  description: 'Every failure: {"code", "message"}; partial-success adds data.success and data.error',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
  },
  required: ['code', 'message'],
} as const;

export const accountParams = {
  type: 'object',
  properties: {
    exchange: { type: 'string', description: 'exchange code, e.g. sim' },
    account: {
      type: 'string',
      description: 'account name, e.g. alice (the account symbol is exchange/name)',
    },
  },
  required: ['exchange', 'account'],
} as const;

const ids = {
  client_oid: { type: 'string', description: 'one client_oid, or several separated by commas' },
  exchange_oid: { type: 'string', description: 'one exchange_oid, or several separated by commas' },
} as const;

export const ordersQuery = {
  type: 'object',
  additionalProperties: true,
  properties: {
    state: {
      type: 'string',
      description: 'a status, or active / end / all; comma-separated for several (default: active)',
    },
    contract: { type: 'string' },
    ...ids,
    limit: {
      type: 'string',
      description: 'page size 1..1000 (newest first); without it every match is returned',
    },
    before: { type: 'string', description: 'the last exchange_oid of the previous page' },
  },
} as const;

export const idsQuery = { type: 'object', additionalProperties: true, properties: ids } as const;

export const contractQuery = {
  type: 'object',
  additionalProperties: true,
  properties: { contract: { type: 'string' } },
} as const;

export const transQuery = {
  type: 'object',
  additionalProperties: true,
  properties: {
    contract: { type: 'string' },
    limit: { type: 'string', description: 'page size 1..1000, default 100, newest first' },
    before: { type: 'string', description: 'the last exchange_tid of the previous page' },
  },
} as const;

export const placeBody = {
  type: 'object',
  description: 'tags may be an object or "k1:v1,k2:v2"; options an object or its JSON string',
  additionalProperties: true,
  required: ['contract', 'price', 'bs', 'amount'],
  properties: {
    contract: { type: 'string', examples: ['sim/btc.usdt'] },
    price: { type: 'number', exclusiveMinimum: 0 },
    bs: { type: 'string', enum: ['b', 's'] },
    amount: { type: 'number', exclusiveMinimum: 0 },
    client_oid: { type: 'string', description: 'generated when absent' },
    tags: { type: ['object', 'string', 'null'] },
    options: {
      type: ['object', 'string', 'null'],
      description: 'options.type: limit, market, ioc, fok, post_only',
    },
  },
} as const;

export const amendBody = {
  type: 'object',
  additionalProperties: true,
  properties: {
    price: { type: 'number', exclusiveMinimum: 0 },
    amount: { type: 'number', exclusiveMinimum: 0 },
  },
} as const;

export const statusSchema = {
  type: 'object',
  description: 'score is the 2018 README health score (1..100); status is ok or halted',
  properties: {
    status: { type: 'string', enum: ['ok', 'halted'] },
    score: { type: 'integer' },
    account: { type: 'string' },
    halted: { type: 'boolean' },
  },
} as const;
