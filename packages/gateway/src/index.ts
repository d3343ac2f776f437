// @ots/gateway: the OTS server: HTTP and websocket endpoints, quote hub, venues, store, bus, metrics.
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
