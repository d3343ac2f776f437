/**
 * `startGateway`: builds the gateway from its parts and starts it.
 *
 *   venues ──(MarketDataSink)──▶ bus ──▶ quote hub ──▶ websocket endpoints, public REST
 *                                          └──▶ market history (SQLite: trades, candles)
 *
 * Other parts of the gateway add themselves between "routes" and "listen" (see the marked line):
 * everything they need is on the `Gateway` object by then.
 */
import cors from '@fastify/cors';
import type { Database } from 'better-sqlite3';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Admin } from './admin/admin.js';
import type { Bus } from './bus/bus.js';
import { InProcessBus } from './bus/in-process.js';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type GatewayConfig,
  type GatewayConfigInput,
  resolveConfig,
} from './config.js';
import { registerErrorHandlers } from './http/errors.js';
import { registerOps } from './http/ops.js';
import { lazyRequestLogger } from './http/request-logger.js';
import { registerRequestMetrics } from './http/request-metrics.js';
import { createLogger, type LoggerOption } from './logger.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics.js';
import { QuoteHub } from './quote/hub.js';
import { registerBasicApi } from './rest/basic.js';
import { registerQuoteApi } from './rest/quote.js';
import { openDatabase } from './store/db.js';
import { MarketHistory } from './store/market-history.js';
import { openTrading, type TradeOptions } from './trade/index.js';
import { registerOpenApi } from './trade/openapi.js';
import { VenueRegistry } from './venues/registry.js';
import { SimVenue } from './venues/sim/index.js';
import type { Venue } from './venues/venue.js';
import { candleEndpoint } from './ws/endpoints/candle.js';
import { lowFreqEndpoint } from './ws/endpoints/low-freq.js';
import { pingPongEndpoint } from './ws/endpoints/ping-pong.js';
import { tickEndpoint } from './ws/endpoints/tick.js';
import { tickV3Endpoint } from './ws/endpoints/tick-v3.js';
import { SocketServer } from './ws/server.js';

export interface GatewayOptions {
  /** Bind address; default 127.0.0.1. */
  host?: string;
  /** Port; default 8700, 0 picks a free one. */
  port?: number;
  /** Data directory (created if missing); default `./data`. */
  dataDir?: string;
  config?: GatewayConfigInput;
  /** A pino logger, or a level for a JSON logger on stdout (`silent` in tests). */
  logger?: LoggerOption;
  /** Venues besides sim (a live exchange, a recording, a benchmark's injector). */
  venues?: Venue[];
  /** Trading: the master key, and overrides of the config's `trade` section (body limit, rate limit, ...). */
  trade?: TradeOptions;
  /** Where live exchanges' REST and websocket URLs go (a proxy, a testnet, the test harness). */
  liveRewriteUrl?: (url: string) => string;
}

export interface Gateway {
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly config: GatewayConfig;
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly bus: Bus;
  readonly venues: VenueRegistry;
  /** The sim venue, when `config.sim.enabled`. */
  readonly sim: SimVenue | undefined;
  readonly hub: QuoteHub;
  readonly history: MarketHistory;
  readonly sockets: SocketServer;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /**
   * Keys and accounts in-process (what `ots keys` / `ots accounts` do through the admin API):
   * `admin.createAccount('sim/alice', { usdt: 100000 })`,
   * `admin.createKey({ accounts: ['sim/alice'], readOnly? })` → `{ api_key, api_secret, accounts }`.
   */
  readonly admin: Admin;
  /** Runs `hook` during `close()`, before the venues stop and the store closes (newest first). */
  onClose(hook: () => Promise<void> | void): void;
  /** Closes every socket, stops the venues and closes the store. */
  close(): Promise<void>;
}

function higherLevel(level: string, floor: string): string {
  if (level === 'silent') return level;
  const order = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  return order.indexOf(level) > order.indexOf(floor) ? level : floor;
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const config = resolveConfig(options.config);
  const logger = createLogger(options.logger);
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const host = options.host ?? DEFAULT_HOST;
  const db = openDatabase(dataDir);
  const bus = new InProcessBus();
  const metrics = createGatewayMetrics();
  const history = new MarketHistory(db);
  const hub = new QuoteHub(bus, history, config, metrics, logger);
  const venues = new VenueRegistry(bus);
  // The config's `trade` section, then the embedding program's own trade options key by key.
  const trading = openTrading({ db, dataDir, logger, options: { ...config.trade, ...options.trade } });
  const sim = config.sim.enabled
    ? new SimVenue({
        sim: config.sim,
        valuation: config.valuation,
        cnyPerQuote: (contract) => hub.valuation.cnyPerQuote(contract),
        createEngine: trading.createSimEngine,
      })
    : undefined;
  if (sim) venues.add(sim);
  for (const venue of options.venues ?? []) venues.add(venue);
  let closeLive: (() => void) | undefined;
  if (config.exchanges.length > 0) {
    // ccxt (about 120 MB) is loaded only when a live exchange is on: see docs/exchanges.md.
    const { addLiveVenues } = await import('./venues/live/gateway-live.js');
    closeLive = await addLiveVenues({
      config,
      db,
      dataDir,
      venues,
      registry: metrics.registry,
      logger,
      rewriteUrl: options.liveRewriteUrl,
      credentials: trading.exchangeCredentials,
    });
  }

  const app: FastifyInstance = Fastify({
    // Request lines at info would drown the log; fastify's own logger reports warnings and errors.
    loggerInstance: logger.child(
      { component: 'http' },
      { level: higherLevel(logger.level, 'warn') },
    ) as FastifyBaseLogger,
    // Each request's child logger (its reqId on every line) is built only if the request logs.
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: 1024 * 1024,
    // `type: [..]` unions are plain JSON Schema; without this ajv warns about them on stderr.
    ajv: { customOptions: { allowUnionTypes: true } },
  });
  // First, so that every route added after it gets its latency hook.
  registerRequestMetrics(app, metrics.httpDuration);
  registerErrorHandlers(app);
  await registerOpenApi(app);
  if (config.corsOrigins.length > 0) {
    // Browsers preflight PATCH and DELETE (amend, cancel) and the Api-* signing headers: allow them
    // explicitly (the plugin's default methods are GET, HEAD and POST only).
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Api-Key', 'Api-Nonce', 'Api-Signature'],
    });
  }
  registerOps(app, metrics, venues);
  registerBasicApi(app, venues);
  registerQuoteApi(app, { venues, hub, history, limits: config.limits });

  const sockets = new SocketServer(app.server, config, metrics, hub, logger);
  sockets.addEndpoint(
    tickEndpoint(hub, venues, { path: '/api/v1/quote/ws', needsAuth: false, heartbeat: false }),
  );
  sockets.addEndpoint(
    tickEndpoint(hub, venues, { path: '/api/v1/ws/tick', needsAuth: true, heartbeat: true }),
  );
  sockets.addEndpoint(tickV3Endpoint(hub, venues));
  sockets.addEndpoint(candleEndpoint(hub, venues));
  sockets.addEndpoint(lowFreqEndpoint(hub, venues));
  sockets.addEndpoint(pingPongEndpoint());

  const closeHooks: (() => Promise<void> | void)[] = [];
  let port = options.port ?? DEFAULT_PORT;
  let closing: Promise<void> | undefined;
  const gateway: Gateway = {
    get url() {
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    host,
    get port() {
      return port;
    },
    dataDir,
    config,
    app,
    db,
    bus,
    venues,
    sim,
    hub,
    history,
    sockets,
    metrics,
    logger,
    admin: trading.admin,
    onClose: (hook) => {
      closeHooks.push(hook);
    },
    close: () => {
      closing ??= (async () => {
        for (const hook of closeHooks.reverse()) await hook();
        await sockets.close();
        await app.close();
        await venues.stop();
        closeLive?.();
        hub.stop();
        await bus.close();
        db.close();
      })();
      return closing;
    },
  };

  // Other parts register here, e.g. `registerTradeApi(gateway);` (routes, stores, socket routes).
  await trading.register(gateway);

  try {
    hub.start();
    await venues.start();
    await app.listen({ host, port });
  } catch (err) {
    await gateway.close().catch(() => {});
    throw err;
  }
  const address = app.server.address();
  if (address && typeof address === 'object') port = address.port;
  logger.info({ url: gateway.url, dataDir, venues: venues.exchanges() }, 'gateway listening');
  return gateway;
}
