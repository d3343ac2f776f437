/**
 * A live exchange as a venue: markets and contract specs from ccxt, ticks and zhubi from its
 * websocket feed (see market-feed.ts), trading through `LiveTrading` when accounts are given.
 */
import { type ContractSpec, OtsError } from '@ots/protocol';
import type { MarketDataSink, Venue, VenueTrading } from '../venue.js';
import { type CcxtClientOptions, type CcxtExchange, createCcxtExchange } from './ccxt-client.js';
import { type LiveExchangeProfile, liveExchange } from './exchanges.js';
import { type FeedStatusEvent, MarketFeed, type MarketFeedOptions } from './market-feed.js';
import { type CcxtMarketLike, MarketMap } from './markets.js';
import { installQuirks } from './quirks.js';

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

export class LiveVenue implements Venue {
  readonly exchange: string;
  readonly profile: LiveExchangeProfile;
  trading?: VenueTrading;
  private markets: MarketMap | undefined;
  private feed: MarketFeed | undefined;
  private client: CcxtExchange | undefined;

  constructor(private readonly options: LiveVenueOptions) {
    this.profile = liveExchange(options.exchange);
    this.exchange = this.profile.code;
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

  /** The last traded price of a streamed contract, if known. */
  lastPrice(contract: string): number | undefined {
    return this.feed?.lastPrices.get(contract);
  }

  /** Loads the exchange's markets without starting the feed (trading-only use, tests). */
  async loadMarkets(): Promise<MarketMap> {
    if (this.markets) return this.markets;
    const client = await this.publicClient();
    const markets = await client.loadMarkets();
    this.markets = new MarketMap(
      this.exchange,
      this.profile.kind,
      Object.values(markets) as CcxtMarketLike[],
    );
    return this.markets;
  }

  async start(sink: MarketDataSink): Promise<void> {
    const markets = await this.loadMarkets();
    const client = await this.publicClient();
    const wanted = (this.options.contracts ?? markets.specs().map((s) => s.symbol)).map((c) =>
      markets.forContract(c),
    );
    const seeds = await this.lastPrices(
      client,
      wanted.map((m) => m.ccxtSymbol),
    );
    this.feed = new MarketFeed(
      this.profile,
      client,
      {
        tick: (tick) => sink.tick(tick),
        zhubi: (trades) => sink.zhubi(trades),
        status: (event) => {
          this.options.onStatus?.(event);
          // Orders may have moved while we were away: settle them against the exchange.
          const trading = this.trading as { reconcileAll?: () => Promise<unknown> } | undefined;
          if (event.state === 'connected') void trading?.reconcileAll?.().catch(() => {});
        },
      },
      this.options,
    );
    for (const market of wanted) this.feed.add(market, seeds.get(market.ccxtSymbol));
  }

  async stop(): Promise<void> {
    if (this.feed) await this.feed.stop();
    else await this.client?.close();
    this.feed = undefined;
    this.client = undefined;
  }

  contracts(): ContractSpec[] {
    return this.markets?.specs() ?? [];
  }

  private async publicClient(): Promise<CcxtExchange> {
    if (!this.client) {
      this.client = await createCcxtExchange(this.profile, { rewriteUrl: this.options.rewriteUrl });
      await installQuirks(this.profile.ccxtId, this.client);
    }
    return this.client;
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
