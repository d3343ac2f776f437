// @ots/gateway: the OTS server: HTTP and websocket endpoints, quote hub, venues, store, bus, metrics.
//
// The folders follow a tick from a venue to a client, then an order the other way:
//   venues/   where markets come from: sim (engine + synthetic market), live (ccxt), manual (fed by code)
//   bus/      venues -> subscribers: subjects tick.<exchange>.<pair> and zhubi.<exchange>.<pair>
//   quote/    the hub: last tick, once-per-form serialisation, fan-out, tick-v3, candles, low-freq
//   ws/       websocket server: upgrade routing, per-socket conflation and limits, the quote endpoints
//   rest/     public REST (basic data, quotes)
//   store/    SQLite: the data directory, trades and candles (trading adds its own tables)
//   http/     error mapping, /health, /metrics; metrics/ the Prometheus registry
//   trade/, auth/, admin/, account-ws/   the signed trading API, keys, admin API, account socket
//   gateway.ts wires them together; config.ts holds every setting and its default.
export type { Bus, BusKind, BusMessages, Unsubscribe } from './bus/bus.js';
export { subjectMatches, subjectOf } from './bus/bus.js';
export { InProcessBus } from './bus/in-process.js';
export * from './config.js';
export { type Gateway, type GatewayOptions, startGateway } from './gateway.js';
export { toOtsError } from './http/errors.js';
export { createLogger, type LoggerOption } from './logger.js';
export { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics.js';
export { Counter, Gauge, Histogram, MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './metrics/registry.js';
export { QuoteHub } from './quote/hub.js';
export { DB_FILE, type Db, openDatabase } from './store/db.js';
export { MarketHistory } from './store/market-history.js';
export { ManualVenue } from './venues/manual.js';
export { VenueRegistry } from './venues/registry.js';
export { SimVenue, type SimVenueOptions } from './venues/sim/index.js';
export type * from './venues/venue.js';
export { ClientConnection } from './ws/connection.js';
export { type QuoteEndpoint, type QuoteRequest, type SocketRoute, SocketServer } from './ws/server.js';
