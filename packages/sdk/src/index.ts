// @ots/sdk: Quote (market data) and Account (signed trading API) clients for an OTS gateway.
// Runs in Node (websockets through `ws`) and in browsers (the global WebSocket).

// The wire types a user handles, from the protocol package (one definition everywhere).
export {
  CANDLE_DURATIONS,
  Candle,
  type CandleDuration,
  type ContractSpec,
  type DealtTrans,
  Info,
  type InfoData,
  isOtsError,
  type Order,
  OtsError,
  Tick,
  Zhubi,
} from '@ots/protocol';
export {
  Account,
  type AccountEvents,
  type AccountOptions,
  type OidsAndOptions,
  type PlacedOrder,
  type PlaceOrderOptions,
} from './account.js';
export type { AccountSocketOptions, InfoListener, OrderListener } from './account-socket.js';
export type { BackoffOptions } from './backoff.js';
export type { ConnectionState, ConnectionTimingOptions, HeartbeatOptions } from './connection.js';
export type { Listener } from './delivery.js';
export type { CallOptions, FetchLike } from './http.js';
export {
  Quote,
  type QuoteChannelName,
  type QuoteDisconnect,
  type QuoteEvents,
  type QuoteOptions,
  type QuoteReconnect,
  type QuoteVenueStatus,
  type Subscription,
} from './quote.js';
export { DEFAULT_URL } from './urls.js';
