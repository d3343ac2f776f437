/**
 * The trading part of the gateway, wired: keys, accounts, the trade store, the trade service, the
 * admin operations, the private REST API, the admin API and the account websocket.
 *
 * Two steps, because the sim engine must be restored from the journal when it is created:
 *   const trading = openTrading({ db, dataDir, logger, options });     // before the sim venue
 *   new SimVenue({ ..., createEngine: trading.createSimEngine });
 *   ...
 *   await trading.register(gateway);                                     // routes, sockets, sim
 */

import { Engine, type EngineConfig, type EventSink } from '@ots/engine';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { accountSocketRoute, DEFAULT_AUTH_TIMEOUT_MS } from '../account-ws/account-socket.js';
import { Admin, type Funding } from '../admin/admin.js';
import { ADMIN_PREFIX, adminRoutes } from '../admin/admin-routes.js';
import { ensureAdminToken } from '../admin/admin-token.js';
import { Authenticator } from '../auth/authenticate.js';
import { KeyStore } from '../auth/key-store.js';
import { loadMasterKey, loadPreviousMasterKeys } from '../auth/master-key.js';
import { DEFAULT_NONCE_WINDOW } from '../auth/nonce-window.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from '../auth/rate-limiter.js';
import { resealRows } from '../auth/secret-box.js';
import type { Gateway } from '../gateway.js';
import { CommitThread } from '../store/commit-thread.js';
import type { Credentials } from '../venues/live/ccxt-client.js';
import { LiveCredentialStore } from '../venues/live/credential-store.js';
import { SimTrading } from '../venues/sim/trading.js';
import { AccountStore } from './account-store.js';
import { startCheckpointer } from './checkpointer.js';
import { commitNoncesWithTrades } from './nonce-commits.js';
import { DEFAULT_BODY_LIMIT, TRADE_PREFIX, tradeRoutes } from './routes.js';
import { createTradeMetrics } from './trade-metrics.js';
import { TradeService } from './trade-service.js';
import { TradeStore } from './trade-store.js';

export interface TradeOptions {
  /** The master key as `OTS_MASTER_KEY` gives it (64 hex or base64); default `process.env.OTS_MASTER_KEY`, else `<dataDir>/master.key`. */
  masterKey?: string;
  /** A master key being rotated out, as `OTS_MASTER_KEY_OLD` gives it; default that variable (or `<dataDir>/master.key.old`). */
  previousMasterKey?: string;
  /** Largest request body of the private API, in bytes; default 64 KiB. */
  bodyLimit?: number;
  /** Rate limit of keys created without their own; default 50 requests/s, bursts of 100. */
  defaultRateLimit?: RateLimit;
  /** Accepted nonces remembered per key; default 1,000. */
  nonceWindow?: number;
  /** The account websocket closes a socket that has not authenticated after this long; default 3,000 ms. */
  authTimeoutMs?: number;
  /**
   * WAL checkpoints run in a worker thread this often, off the event loop; 0 leaves them to SQLite
   * (inside a commit, every 1,000 pages). Default 1,000 ms.
   */
  checkpointMs?: number;
  /**
   * Trade commits are written by a worker thread with its own connection (`store/commit-thread.ts`),
   * off the request thread; false (the default) writes them on the main connection.
   */
  commitThread?: boolean;
}

export const DEFAULT_TRADE_OPTIONS = {
  bodyLimit: DEFAULT_BODY_LIMIT,
  defaultRateLimit: DEFAULT_RATE_LIMIT,
  nonceWindow: DEFAULT_NONCE_WINDOW,
  authTimeoutMs: DEFAULT_AUTH_TIMEOUT_MS,
  checkpointMs: 1_000,
  commitThread: false,
};

export interface Trading {
  readonly admin: Admin;
  readonly service: TradeService;
  readonly keys: KeyStore;
  readonly accounts: AccountStore;
  readonly store: TradeStore;
  readonly auth: Authenticator;
  /** The sim venue's engine factory: restores the engine from the journal. */
  readonly createSimEngine: (config: EngineConfig, sink: EventSink) => Engine;
  /** The sim venue's trading, once `register` attached it. */
  readonly simTrading: SimTrading | undefined;
  /** A live account's exchange key, decrypted for its ccxt client; undefined when it has none. */
  readonly exchangeCredentials: (account: string) => Credentials | undefined;
  /** Adds the routes and the account socket, and attaches trading to the sim venue. */
  register(gateway: Gateway): Promise<void>;
}

export function openTrading(params: {
  db: Database;
  dataDir: string;
  logger: Logger;
  options?: TradeOptions;
}): Trading {
  const { db, dataDir, logger } = params;
  const options = { ...DEFAULT_TRADE_OPTIONS, ...params.options };
  const master = loadMasterKey(dataDir, options.masterKey ?? process.env.OTS_MASTER_KEY);
  // Where the key came from, never the key itself.
  logger.info({ origin: master.origin, path: master.path }, 'master key loaded');
  const previous = loadPreviousMasterKeys(
    dataDir,
    options.previousMasterKey ?? process.env.OTS_MASTER_KEY_OLD,
  );
  const keys = new KeyStore(db, master.key, options.nonceWindow, previous);
  // Live accounts' exchange keys, sealed with the same master key.
  const exchangeKeys = new LiveCredentialStore(db, master.key);
  // Master key rotation covers live accounts' exchange keys too (sealed with the account and key id).
  resealRows(
    db,
    {
      name: 'live_exchange_keys',
      key: 'account',
      sealed: 'sealed',
      aad: (row) => `${row.account} ${row.api_key}`,
    },
    master.key,
    previous,
  );
  const accounts = new AccountStore(db);
  const store = new TradeStore(db);
  const auth = new Authenticator(keys, { defaultRateLimit: options.defaultRateLimit });
  // A trade's commit also writes the nonces accepted so far: one transaction per request.
  commitNoncesWithTrades(store, keys, auth);
  let sim: SimTrading | undefined;
  // Other venues (live exchanges and their `mock-*` paper accounts) trade and fund through the registry.
  let venues: Gateway['venues'] | undefined;
  const service = new TradeService({
    accounts,
    trading: (exchange) => (exchange === 'sim' ? sim : venues?.get(exchange)?.trading),
    lastPrice: (contract) => sim?.lastPrice(contract),
    holdsOrder: (exchange, account, exchangeOid) =>
      exchange === 'sim' && sim !== undefined && sim.holdsOrder(account, exchangeOid),
  });
  const admin = new Admin({
    keys,
    accounts,
    store,
    service,
    funding: (exchange) =>
      exchange === 'sim' ? sim : (venues?.get(exchange) as { funding?: Funding } | undefined)?.funding,
    exchangeKeys,
  });

  return {
    admin,
    service,
    keys,
    accounts,
    store,
    auth,
    get simTrading() {
      return sim;
    },
    exchangeCredentials: (account) => exchangeKeys.get(account),
    createSimEngine: (config, sink) => Engine.restore(config, store.restorePoint(), store.journal(), sink),
    async register(gateway) {
      let thread: CommitThread | undefined;
      if (options.checkpointMs > 0) {
        // If the checkpoint worker fails, both connections checkpoint inside their commits again.
        const checkpointer = startCheckpointer(db, options.checkpointMs, logger, {
          onFallBack: (pages) => thread?.setAutoCheckpoint(pages),
          // The connection that writes the trades finishes the checkpoint, between two commits.
          catchUp: () => (thread ? thread.checkpoint() : db.pragma('wal_checkpoint(PASSIVE)')),
        });
        gateway.onClose(() => checkpointer.stop());
      }
      if (options.commitThread) {
        // Started after the checkpointer: it takes the main connection's autocheckpoint setting.
        const started = new CommitThread(db);
        thread = started;
        store.useCommitThread(started);
        // Runs before the checkpointer stops (newest first): every commit handed over is written.
        gateway.onClose(async () => {
          store.useCommitThread(undefined);
          await started.stop();
        });
      }
      const metrics = createTradeMetrics(gateway.metrics.registry);
      // One labelled child per route and code, found by two map lookups on the hot path (the
      // route and code strings are the same few constants: no key is built per request).
      const requestChildren = new Map<string, Map<string, { inc(): void }>>();
      const requestCounter = (route: string, code: string) => {
        let byCode = requestChildren.get(route);
        if (!byCode) {
          byCode = new Map();
          requestChildren.set(route, byCode);
        }
        let child = byCode.get(code);
        if (!child) {
          child = metrics.requests.labels({ route, code });
          byCode.set(code, child);
        }
        return child;
      };
      venues = gateway.venues;
      if (gateway.sim) {
        const venue = gateway.sim;
        // Held once: a commit then counts without building label keys.
        const commits = metrics.commits.labels();
        const commitSeconds = metrics.commitSeconds.labels();
        const commandsPerCommit = metrics.commandsPerCommit.labels();
        sim = new SimTrading(venue.engine, store, {
          nowUs: () => venue.nowUs(),
          onCommit: (seconds, answered) => {
            commits.inc();
            commitSeconds.observe(seconds);
            commandsPerCommit.observe(answered);
          },
        });
        const attached = sim;
        venue.onEngineEvent((event) => attached.onEngineEvent(event));
        venue.trading = sim;
      }
      const token = ensureAdminToken(dataDir);
      await gateway.app.register(tradeRoutes, {
        prefix: TRADE_PREFIX,
        service,
        auth,
        bodyLimit: options.bodyLimit,
        onAnswered: (route, code) => requestCounter(route, code).inc(),
      });
      await gateway.app.register(adminRoutes, { prefix: ADMIN_PREFIX, admin, token });
      gateway.sockets.route(
        accountSocketRoute({
          auth,
          service,
          sim: () => sim,
          authTimeoutMs: options.authTimeoutMs,
          heartbeatTimeoutMs: gateway.config.timers.heartbeatTimeoutMs,
          sockets: metrics.accountSockets.labels(),
          logger,
        }),
      );
    },
  };
}
