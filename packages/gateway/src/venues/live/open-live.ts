/**
 * Turning live exchanges on: one `LiveVenue` per exchange code (`--exchanges okex,gate,binance`),
 * each with live trading for accounts that have exchange keys, paper trading for `mock-*` accounts
 * (spot codes), reconciliation at start, and its feed status counted for `/metrics` and logged.
 *
 * The gateway imports this module lazily, only when a live exchange is configured, so that ccxt is
 * never loaded otherwise.
 */
import type { Database } from 'better-sqlite3';
import type { TradeStore } from '../../trade/trade-store.js';
import { openPaperTrading } from '../paper/open-paper.js';
import type { Credentials } from './ccxt-client.js';
import { liveExchange } from './exchanges.js';
import { type LiveLog, LiveTrading } from './live-trading.js';
import { LiveVenue } from './live-venue.js';
import type { FeedStatusEvent } from './market-feed.js';
import { LiveOrderStore } from './order-store.js';

/** The counters and gauges this module feeds (the gateway's metrics registry makes them). */
export interface LiveMetrics {
  disconnects: { inc(by?: number, labels?: Record<string, string>): void };
  bookResets: { inc(by?: number, labels?: Record<string, string>): void };
}

export interface OpenLiveOptions {
  /** Exchange codes; a closed exchange's code throws `exg-closed`, an unknown one `invalid-param`. */
  exchanges: readonly string[];
  /** The gateway's database (live orders, intents and fills go to `live_orders` / `live_fills`). */
  db: Database;
  /**
   * The paper accounts' engine store. It must not be the sim venue's `TradeStore` (whose journal
   * restores the sim engine): give each exchange its own, e.g. on `<dataDir>/paper-<code>.sqlite`.
   */
  paperStore?: (exchange: string) => TradeStore;
  /** The exchange key of a live account, decrypted; undefined when it has none. */
  credentials: (account: string) => Credentials | undefined | Promise<Credentials | undefined>;
  /** Contracts to stream per exchange code; default every listed market. */
  contracts?: Record<string, readonly string[]>;
  valuationCurrency?: string;
  cnyRate?: number;
  metrics?: LiveMetrics;
  log?: LiveLog;
  /** Feed status for clients (disconnected / connected / book-reset). */
  onStatus?: (event: FeedStatusEvent) => void;
  /** Where the exchanges' URLs go (a proxy, a testnet); default the exchanges. */
  rewriteUrl?: (url: string) => string;
}

export async function openLiveVenues(options: OpenLiveOptions): Promise<LiveVenue[]> {
  // Refuse closed or unknown codes before anything starts.
  for (const code of options.exchanges) liveExchange(code);
  const store = new LiveOrderStore(options.db);
  const valuation = options.valuationCurrency ?? 'usdt';
  const venues: LiveVenue[] = [];
  for (const code of options.exchanges) {
    const venue: LiveVenue = new LiveVenue({
      exchange: code,
      contracts: options.contracts?.[code],
      rewriteUrl: options.rewriteUrl,
      valueTurnover: (quote, turnover) =>
        quote === valuation ? turnover * (options.cnyRate ?? 1) : undefined,
      onStatus: (event) => {
        if (event.state === 'disconnected') options.metrics?.disconnects.inc(1, { exchange: code });
        if (event.state === 'book-reset') options.metrics?.bookResets.inc(1, { exchange: code });
        options.log?.warn({ ...event }, `live feed ${event.state}`);
        options.onStatus?.(event);
      },
      onUnexpectedError: (error, stream) =>
        options.log?.warn({ exchange: code, stream, error: String(error) }, 'live feed error'),
    });
    const live = new LiveTrading({
      venue,
      store,
      credentials: options.credentials,
      rewriteUrl: options.rewriteUrl,
      valuationCurrency: valuation,
      cnyRate: options.cnyRate,
      log: options.log,
    });
    venue.attachLiveTrading(live);
    if (options.paperStore && venue.profile.kind === 'spot') {
      const paperStore = options.paperStore(code);
      const openPaper = () =>
        openPaperTrading(venue, paperStore, { valuationCurrency: valuation, cnyRate: options.cnyRate });
      try {
        await openPaper();
      } catch (error) {
        // The exchange is unreachable now: the venue retries in the background, and its paper
        // accounts open (from their store) once its markets load.
        options.log?.warn({ exchange: code, error: String(error) }, 'paper trading waits for the markets');
        venue.whenMarketsLoaded(() => {
          openPaper().catch((late: unknown) =>
            options.log?.warn({ exchange: code, error: String(late) }, 'paper trading did not open'),
          );
        });
      }
    }
    // Orders may have moved while the gateway was down: settle them before serving.
    await live.reconcileAll();
    venues.push(venue);
  }
  return venues;
}
