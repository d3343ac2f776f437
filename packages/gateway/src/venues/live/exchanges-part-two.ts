/**
 * The live exchanges of part two: HTX (formerly Huobi: `huobip` spot, `huobiswap` coin-margined and
 * `huobiuswap` USDT-margined perpetuals), Bitfinex, Poloniex and Bithumb. Merged into
 * `LIVE_EXCHANGES` (exchanges.ts); the fields are described on `LiveExchangeProfile`.
 */
import { adaptBitfinexClient, findBitfinexOrderByCid } from './bitfinex-orders.js';
import { adaptBithumbClient } from './bithumb-orders.js';
import type { LiveExchangeProfile } from './exchanges.js';

/** HTX's ccxt class fetches spot, linear and inverse markets unless told which one we want. */
function htxMarkets(spot: boolean, linear: boolean, inverse: boolean) {
  return { fetchMarkets: { types: { spot, linear, inverse } } };
}

/**
 * HTX contract client ids are positive integers below 2^63 (9223372036854775807): up to 18 digits,
 * or 19 starting with 1-8 (PYSDK's `now_s << 32` suffixes are 19 digits).
 */
const HTX_CONTRACT_CLIENT_ID = {
  maxLength: 19,
  pattern: /^(?:[1-9][0-9]{0,17}|[1-8][0-9]{18})$/,
  prefix: '',
  param: 'client_order_id',
  numeric: true,
};

export const PART_TWO_EXCHANGES: Readonly<Record<string, LiveExchangeProfile>> = {
  huobip: {
    code: 'huobip',
    ccxtId: 'htx',
    kind: 'spot',
    // HTX has no order edit; ccxt's editOrder cancels and places a new order.
    nativeAmend: false,
    ccxtOptions: { ...htxMarkets(true, false, false), defaultType: 'spot' },
    // HTX spot `client-order-id`: at most 64 characters, unique within a day.
    clientId: { maxLength: 64, pattern: /^[A-Za-z0-9_-]{1,64}$/, prefix: '', param: 'client-order-id' },
    freshClientIdOnReplace: true,
    // The spot book is the 150-level incremental MBP feed, keyed by the lower-case market id.
    bookHash: (_symbol, marketId) => `market.${marketId}.mbp.150`,
    // `GET /v1/order/orders/getClientOrder`.
    findByClientId: (client, clientId, symbol) => client.fetchOrder('', symbol, { clientOrderId: clientId }),
  },
  huobiswap: {
    code: 'huobiswap',
    ccxtId: 'htx',
    kind: 'swap',
    nativeAmend: false,
    ccxtOptions: { ...htxMarkets(false, false, true), defaultType: 'swap', defaultSubType: 'inverse' },
    clientId: HTX_CONTRACT_CLIENT_ID,
    bookHash: (_symbol, marketId) => `market.${marketId}.depth.size_150.high_freq`,
  },
  huobiuswap: {
    code: 'huobiuswap',
    ccxtId: 'htx',
    kind: 'swap',
    nativeAmend: false,
    ccxtOptions: { ...htxMarkets(false, true, false), defaultType: 'swap', defaultSubType: 'linear' },
    clientId: HTX_CONTRACT_CLIENT_ID,
    bookHash: (_symbol, marketId) => `market.${marketId}.depth.size_150.high_freq`,
  },
  bitfinex: {
    code: 'bitfinex',
    ccxtId: 'bitfinex',
    kind: 'spot',
    // Bitfinex updates an order in place (`order/update`).
    nativeAmend: true,
    ccxtOptions: {},
    // Bitfinex `cid`: an integer below 2^45, unique per UTC day; 13 digits always fit.
    clientId: { maxLength: 13, pattern: /^[1-9][0-9]{0,12}$/, prefix: '', param: 'cid', numeric: true },
    priceSteps: 'significant-digits',
    bookHash: (_symbol, marketId) => `book:${marketId}`,
    adaptClient: adaptBitfinexClient,
    findByClientId: findBitfinexOrderByCid,
  },
  poloniex: {
    code: 'poloniex',
    ccxtId: 'poloniex',
    kind: 'spot',
    // Poloniex's amend is its own cancel-replace (`PUT /orders/{id}`, one call): the order gets a
    // new id, so it is reported as cancel-and-replace.
    nativeAmend: false,
    ccxtOptions: {},
    // Poloniex `clientOrderId`: at most 64 letters, digits, `_` and `-`.
    clientId: { maxLength: 64, pattern: /^[A-Za-z0-9_-]{1,64}$/, prefix: '', param: 'clientOrderId' },
    bookHash: (symbol) => `book_lv2::${symbol}`,
    // Poloniex takes `cid:{clientOrderId}` where the order id goes; ccxt then reports that as the id.
    findByClientId: async (client, clientId, symbol) => {
      const order = (await client.fetchOrder(`cid:${clientId}`, symbol)) as { info?: { id?: string } };
      return { ...order, id: order.info?.id };
    },
  },
  bithumb: {
    code: 'bithumb',
    ccxtId: 'bithumb',
    kind: 'spot',
    // Bithumb has no order edit; ccxt's editOrder cancels and places a new order.
    nativeAmend: false,
    ccxtOptions: {},
    // Bithumb `client_order_id`: at most 36 letters, digits, `_` and `-`.
    clientId: { maxLength: 36, pattern: /^[A-Za-z0-9_-]{1,36}$/, prefix: '', param: 'client_order_id' },
    // Bithumb does not document reuse of a client order id; a fresh one is safe either way.
    freshClientIdOnReplace: true,
    priceSteps: 'significant-digits',
    bookHash: (symbol) => `orderbook:${symbol}`,
    adaptClient: adaptBithumbClient,
    // `GET /v1/order?client_order_id=`.
    findByClientId: (client, clientId, symbol) =>
      client.fetchOrder('', symbol, { client_order_id: clientId }),
  },
};
