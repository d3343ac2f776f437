/**
 * A live exchange as a venue: markets and contract specs from ccxt, ticks and zhubi from its
 * websocket feed (see market-feed.ts), trading through `LiveTrading` when accounts are given.
 */
import { type ContractSpec, OtsError, type Tick, type Zhubi } from '@ots/protocol';
import type { MarketDataSink, Venue, VenueTrading } from '../venue.js';
import { AccountRouter, isPaperAccount } from './account-router.js';
import { isNetworkFailure } from './book-reset.js';
import { type CcxtClientOptions, type CcxtExchange, createCcxtExchange } from './ccxt-client.js';
import { type LiveExchangeProfile, liveExchange } from './exchanges.js';
import { type FeedStatusEvent, MarketFeed, type MarketFeedOptions } from './market-feed.js';
import { type CcxtMarketLike, MarketMap } from './markets.js';
import { referencePrices } from './precision.js';
import { installQuirks } from './quirks.js';
import { backoffDelay } from './stream-loop.js';

export interface LiveVenueOptions extends MarketFeedOptions {
  /** The protocol's exchange code: `okex`, `okswap`, `gate`, `binance`. */
  exchange: string;
  /** Contracts to stream (`okex/btc.usdt`); default every listed market of the exchange code. */
  contracts?: readonly string[];
  /** Where REST and websocket calls go (a proxy, a testnet, the test harness); default the exchange. */
  rewriteUrl?: CcxtClientOptions['rewriteUrl'];
  /** Feed status: disconnects, reconnects and book resets, for clients and `/metrics`. */
  onStatus?: (event: FeedStatusEvent) => void;
  /** Trading on this exchange's accounts, when the gateway has any (set by `attachTrading`). */
  trading?: VenueTrading;
}

/** What paper trading needs from the live feed. */
export interface PaperFeed {
  onTick(tick: Tick): void;
  onZhubi(trades: Zhubi[]): void;
  deposit(account: string, currency: string, amount: number): void;
}

export class LiveVenue implements Venue {
  readonly exchange: string;
  readonly profile: LiveExchangeProfile;
  trading?: VenueTrading;
  private liveTrading: VenueTrading | undefined;
  private markets: MarketMap | undefined;
  private feed: MarketFeed | undefined;
  private client: CcxtExchange | undefined;
  private clientPromise: Promise<CcxtExchange> | undefined;
  private loadingMarkets: Promise<MarketMap> | undefined;
  private paper: (VenueTrading & PaperFeed) | undefined;
  private readonly statusListeners = new Set<(event: FeedStatusEvent) => void>();
  private readonly marketsWaiters: Array<(markets: MarketMap) => void> = [];
  /** Set while the exchange could not be reached at start (its markets not loaded yet). */
  private unreachable = false;
  private stopped = false;
  /** The background retry of an exchange unreachable at start, and what cuts its wait short. */
  private retrying: Promise<void> | undefined;
  private wakeRetry: (() => void) | undefined;

  constructor(private readonly options: LiveVenueOptions) {
    this.profile = liveExchange(options.exchange);
    this.exchange = this.profile.code;
    this.liveTrading = options.trading;
    this.trading = options.trading;
  }

  /** The contract map, once `start` (or `loadMarkets`) has run. */
  get marketMap(): MarketMap {
    if (!this.markets)
      throw new OtsError('wait-for-initializing', `${this.exchange} markets are still loading`);
    return this.markets;
  }

  /** Feed counters (disconnects, book resets, ticks, zhubi) for `/metrics`. */
  get counters() {
    return this.feed?.counters ?? { disconnects: 0, bookResets: 0, ticks: 0, zhubi: 0 };
  }

  /**
   * Feeds paper trading (`mock-*` accounts) with this venue's ticks and trades; the venue's
   * `trading` then routes `mock-*` accounts to it and the others to live trading.
   */
  attachPaper(paper: VenueTrading & PaperFeed): void {
    this.paper = paper;
    this.trading = new AccountRouter(this.liveTrading, paper);
  }

  /**
   * Deposits into paper accounts (the admin API's account creation and deposits); a live account's
   * balance is on the exchange, so it cannot be funded here.
   */
  readonly funding = {
    deposit: (account: string, currency: string, amount: number): void => {
      if (!isPaperAccount(account)) {
        throw new OtsError(
          'not-allowed',
          `${account} is a live account: its balance is on ${this.exchange}; only paper accounts (mock-*) take deposits`,
        );
      }
      if (!this.paper) {
        throw new OtsError(
          'not-allowed',
          `paper trading is not on for ${this.exchange}, so ${account} cannot be funded`,
        );
      }
      this.paper.deposit(account, currency, amount);
    },
  };

  /** Sets live trading (accounts with exchange keys); `mock-*` accounts keep going to paper. */
  attachLiveTrading(live: VenueTrading): void {
    this.liveTrading = live;
    this.trading = new AccountRouter(live, this.paper);
  }

  /** False while the exchange feed is down (between a `disconnected` and a `connected` status). */
  get connected(): boolean {
    return this.feed ? this.feed.connected : !this.unreachable;
  }

  /**
   * Runs `then` with the markets once they are loaded: now if they are, else after the load that
   * succeeds (for an exchange unreachable at start, the background retry's).
   */
  whenMarketsLoaded(then: (markets: MarketMap) => void): void {
    if (this.markets) then(this.markets);
    else this.marketsWaiters.push(then);
  }

  /**
   * Follows the feed's status (`disconnected`, `connected`, `book-reset`) besides `options.onStatus`:
   * the quote hub tells the websocket clients of this exchange's contracts. Returns the unfollow.
   */
  watchStatus(listener: (event: FeedStatusEvent) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The last traded price of a streamed contract, if known. */
  lastPrice(contract: string): number | undefined {
    return this.feed?.lastPrices.get(contract);
  }

  /** Loads the exchange's markets without starting the feed (trading-only use, tests). */
  loadMarkets(): Promise<MarketMap> {
    // One load however many callers ask at once (the feed, each account's first order).
    this.loadingMarkets ??= this.fetchMarketMap();
    // A failed load (exchange down) is retried by the next caller.
    this.loadingMarkets.catch(() => {
      this.loadingMarkets = undefined;
    });
    return this.loadingMarkets;
  }

  private async fetchMarketMap(): Promise<MarketMap> {
    const client = await this.publicClient();
    let markets: Awaited<ReturnType<CcxtExchange['loadMarkets']>>;
    try {
      markets = await client.loadMarkets();
    } catch (error) {
      // ccxt keeps a failed load's promise and answers every later call with that same failure:
      // drop it, so that the next call asks the exchange again.
      (client as unknown as { marketsLoading?: unknown }).marketsLoading = undefined;
      throw error;
    }
    // Significant-digit exchanges give no tick: it is derived from each market's last price.
    const steps =
      this.profile.priceSteps === 'significant-digits' ? await referencePrices(client as never) : undefined;
    this.markets = new MarketMap(
      this.exchange,
      this.profile.kind,
      Object.values(markets) as CcxtMarketLike[],
      steps,
    );
    const map = this.markets;
    for (const then of this.marketsWaiters.splice(0)) then(map);
    return map;
  }

  /**
   * Loads the markets and starts the feed. An exchange that cannot be reached does not stop the
   * gateway: after the first failed attempt the venue is `connected: false` (a `disconnected`
   * status), lists no contracts, and retries in the background with the feed's backoff; once the
   * markets load, its contracts appear, the feed starts and a `connected` status follows.
   */
  async start(sink: MarketDataSink): Promise<void> {
    this.stopped = false;
    let markets: MarketMap;
    try {
      markets = await this.loadMarkets();
    } catch (error) {
      this.unreachable = true;
      this.reportStatus({ exchange: this.exchange, state: 'disconnected', reason: errorText(error) });
      this.retrying = this.retryStart(sink);
      return;
    }
    await this.startFeed(sink, markets);
  }

  private async retryStart(sink: MarketDataSink): Promise<void> {
    for (let failures = 1; !this.stopped; failures++) {
      await this.pause(backoffDelay(failures, this.options.backoff));
      if (this.stopped) return;
      let markets: MarketMap;
      try {
        markets = await this.loadMarkets();
      } catch (error) {
        if (!isNetworkFailure(error)) this.options.onUnexpectedError?.(error, `${this.exchange} markets`);
        continue;
      }
      try {
        await this.startFeed(sink, markets);
      } catch (error) {
        // A configured contract the exchange does not list: nothing a retry would change.
        this.options.onUnexpectedError?.(error, `${this.exchange} feed`);
        return;
      }
      if (this.stopped) return;
      this.unreachable = false;
      this.reportStatus({ exchange: this.exchange, state: 'connected', reason: 'markets loaded' });
      return;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeRetry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async startFeed(sink: MarketDataSink, markets: MarketMap): Promise<void> {
    const client = await this.publicClient();
    const wanted = (this.options.contracts ?? markets.specs().map((s) => s.symbol)).map((c) =>
      markets.forContract(c),
    );
    const seeds = await this.lastPrices(
      client,
      wanted.map((m) => m.ccxtSymbol),
    );
    if (this.stopped) return;
    this.feed = new MarketFeed(
      this.profile,
      client,
      {
        tick: (tick) => {
          sink.tick(tick);
          this.paper?.onTick(tick);
        },
        zhubi: (trades) => {
          sink.zhubi(trades);
          this.paper?.onZhubi(trades);
        },
        status: (event) => {
          this.reportStatus(event);
          // Orders may have moved while we were away: settle them against the exchange.
          const trading = this.liveTrading as { reconcileAll?: () => Promise<unknown> } | undefined;
          if (event.state === 'connected') void trading?.reconcileAll?.().catch(() => {});
        },
      },
      this.options,
    );
    for (const market of wanted) this.feed.add(market, seeds.get(market.ccxtSymbol));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    await this.retrying;
    this.retrying = undefined;
    this.unreachable = false;
    if (this.feed) await this.feed.stop();
    else await this.client?.close();
    this.feed = undefined;
    this.client = undefined;
    this.clientPromise = undefined;
    this.loadingMarkets = undefined;
    this.markets = undefined;
  }

  contracts(): ContractSpec[] {
    return this.markets?.specs() ?? [];
  }

  private reportStatus(event: FeedStatusEvent): void {
    this.options.onStatus?.(event);
    for (const listener of this.statusListeners) listener(event);
  }

  private publicClient(): Promise<CcxtExchange> {
    this.clientPromise ??= (async () => {
      const client = await createCcxtExchange(this.profile, { rewriteUrl: this.options.rewriteUrl });
      // ccxt waits before each re-dial too (1 s doubling to 60 s by default): align it with ours.
      const backoff = this.options.backoff ?? {};
      const ws = (client.options.ws ?? {}) as Record<string, unknown>;
      client.options.ws = {
        ...ws,
        backoff: {
          ...(ws.backoff as Record<string, unknown> | undefined),
          base: backoff.initialMs ?? 250,
          max: backoff.maxMs ?? 30_000,
        },
      };
      await installQuirks(this.profile.ccxtId, client);
      this.client = client;
      return client;
    })();
    return this.clientPromise;
  }

  /** The last traded prices from the exchange's tickers, so ticks have a `last` before any trade. */
  private async lastPrices(client: CcxtExchange, symbols: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all(
      symbols.map(async (symbol) => {
        try {
          const ticker = await client.fetchTicker(symbol);
          if (typeof ticker.last === 'number') out.set(symbol, ticker.last);
        } catch (error) {
          // Not fatal: the first trade sets the last price.
          this.options.onUnexpectedError?.(error, `${symbol} ticker`);
        }
      }),
    );
    return out;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}
