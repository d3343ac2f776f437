/**
 * The native error codes of HTX, Bitfinex, Poloniex and Bithumb that pin an order rejection down to
 * a protocol code (reference §5.2), matched in the message ccxt keeps (`htx {"status":"error",
 * "err-code":"order-value-min-error",...}`). Merged into error-mapping.ts; ccxt's error class
 * decides everything else.
 */
import type { ErrorCode } from '@ots/protocol';

export const PART_TWO_NATIVE: Record<string, Array<[RegExp, ErrorCode]>> = {
  // HTX spot `err-code`s (huobiapi.github.io/docs/spot/v1/en/#error-code).
  htx: [
    [/"err-code":"account-frozen-balance-insufficient-error"/, 'exg-place-order-no-money'],
    [/"err-code":"order-value-min-error"/, 'exg-place-order-min-notional'],
    [/"err-code":"(order-limitorder-amount-(min|max)-error|invalid-amount)"/, 'exg-place-order-error-amount'],
    [
      /"err-code":"(order-orderprice-precision-error|order-invalid-price|order-limitorder-price-[a-z-]+-error)"/,
      'exg-place-order-error-price',
    ],
    [
      /"err-code":"(order-orderstate-error|base-record-invalid|order-queryorder-invalid)"/,
      'exg-cancel-order-not-exist',
    ],
  ],
  // Bitfinex answers rejections with its generic code 10001 and a text (ccxt reads 10001 as a
  // permission error), so the text decides; whatever else an `Invalid order:` says is a bad parameter.
  bitfinex: [
    [/not enough (exchange |margin )?balance|available balance is only/, 'exg-place-order-no-money'],
    [/Invalid order: minimum size|amount: invalid/, 'exg-place-order-error-amount'],
    [/Invalid order: price|price: invalid/, 'exg-place-order-error-price'],
    [/Order not found/, 'exg-cancel-order-not-exist'],
    [/Invalid order:/, 'exg-invalid-param'],
  ],
  // Poloniex spot `code`s (api-docs.poloniex.com/spot/error-code).
  poloniex: [
    [/"code":401\b/, 'exg-invalid-api-key'],
    [/"code":(21721|21709)\b/, 'exg-place-order-no-money'],
    [/"code":21350\b/, 'exg-place-order-min-notional'],
    [/"code":(21322|21328|21330|21336|21360)\b/, 'exg-place-order-error-amount'],
    [/"code":(21309|21310|21311|21327|21335)\b/, 'exg-place-order-error-price'],
    [/"code":(21301|21305|21359)\b/, 'exg-cancel-order-not-exist'],
  ],
  // Bithumb error names (apidocs.bithumb.com), kept in the message by bithumb-orders.ts.
  bithumb: [
    [
      /\[(invalid_access_key|jwt_verification|expired_access_key|no_authorization_ip)\]/,
      'exg-invalid-api-key',
    ],
    [/\[insufficient_funds(_bid|_ask)?\]/, 'exg-place-order-no-money'],
    [/\[under_min_total(_bid|_ask|_market_bid|_market_ask)?\]/, 'exg-place-order-min-notional'],
    [/\[invalid_volume(_bid|_ask)?\]/, 'exg-place-order-error-amount'],
    [/\[invalid_price(_bid|_ask)?\]/, 'exg-place-order-error-price'],
    [/\[order_not_found\]/, 'exg-cancel-order-not-exist'],
  ],
};
