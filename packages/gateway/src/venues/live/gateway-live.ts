/**
 * The gateway's side of live exchanges (`config.exchanges`, `ots serve --exchanges okex,gate`): the
 * venues are made by `openLiveVenues` and registered; paper accounts get their own engine store per
 * exchange (`<dataDir>/paper/<code>/ots.sqlite`, apart from the sim engine's); feed outages and book
 * resets are counted on `/metrics`. `startGateway` imports this module only when an exchange is on.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../../config.js';
import type { MetricsRegistry } from '../../metrics/registry.js';
import { openDatabase } from '../../store/db.js';
import { TradeStore } from '../../trade/trade-store.js';
import type { VenueRegistry } from '../registry.js';
import type { Credentials } from './ccxt-client.js';
import { openLiveVenues } from './open-live.js';

export interface AddLiveParams {
  config: GatewayConfig;
  db: Database;
  dataDir: string;
  venues: VenueRegistry;
  registry: MetricsRegistry;
  logger: Logger;
  /** An account's exchange key, decrypted; until accounts carry keys, live accounts have none. */
  credentials?: (account: string) => Credentials | undefined | Promise<Credentials | undefined>;
  rewriteUrl?: (url: string) => string;
}

/** Registers the configured live venues; returns what closes their stores (after the venues stop). */
export async function addLiveVenues(params: AddLiveParams): Promise<() => void> {
  const paperDbs: Database[] = [];
  const log = params.logger.child({ component: 'live' });
  const live = await openLiveVenues({
    exchanges: params.config.exchanges,
    contracts: params.config.exchangeContracts,
    db: params.db,
    paperStore: (code) => {
      const db = openDatabase(join(params.dataDir, 'paper', code));
      paperDbs.push(db);
      return new TradeStore(db);
    },
    credentials: params.credentials ?? (() => undefined),
    rewriteUrl: params.rewriteUrl,
    valuationCurrency: params.config.valuation.currency,
    cnyRate: params.config.valuation.cnyRate,
    metrics: {
      disconnects: params.registry.counter(
        'ots_venue_disconnects_total',
        'Live exchange feed outages (one per outage, however many streams it cut), by exchange.',
      ),
      bookResets: params.registry.counter(
        'ots_venue_book_resets_total',
        'Order books rebuilt from a fresh snapshot after a sequence gap or checksum error, by exchange.',
      ),
    },
    log,
  });
  for (const venue of live) params.venues.add(venue);
  log.info({ exchanges: live.map((v) => v.exchange) }, 'live exchanges on');
  return () => {
    for (const db of paperDbs) db.close();
  };
}
