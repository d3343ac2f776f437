/**
 * The supervisor of one exchange's market data: two tight watch loops per contract (order book,
 * trades), reconnection with backoff and jitter, a fresh book after a sequence gap or checksum
 * error, and one `disconnected` / `connected` status event per outage.
 */
import type { Tick, Zhubi } from '@ots/protocol';
import type { VenueStatusEvent } from '../venue.js';
import { forceFreshBook, isBookOutOfStep, isNetworkFailure } from './book-reset.js';
import type { CcxtExchange } from './ccxt-client.js';
import type { LiveExchangeProfile } from './exchanges.js';
import type { MappedMarket } from './markets.js';
import { type BackoffOptions, backoffDelay, StreamLoop } from './stream-loop.js';
import {
  type CcxtBookLike,
  type CcxtTradeLike,
  TickBuilder,
  type TickBuilderOptions,
} from './tick-builder.js';

/** What a feed reports of its connection: the venue interface's status event. */
export type FeedStatusEvent = VenueStatusEvent;

export interface FeedSink {
  tick(tick: Tick): void;
  zhubi(trades: Zhubi[]): void;
  status?(event: FeedStatusEvent): void;
}

export interface MarketFeedOptions {
  backoff?: BackoffOptions;
  valueTurnover?: TickBuilderOptions['valueTurnover'];
  now?: () => number;
  /** Where failures that are neither network nor book problems are reported. */
  onUnexpectedError?: (error: unknown, stream: string) => void;
}

export interface FeedCounters {
  disconnects: number;
  bookResets: number;
  ticks: number;
  zhubi: number;
}

/** One contract's state, shared by its two stream loops. */
interface ContractStreams {
  market: MappedMarket;
  /** ccxt's symbol of the market. */
  symbol: string;
  builder: TickBuilder;
}

export class MarketFeed {
  private readonly loops: Array<StreamLoop<unknown>> = [];
  private up = true;
  /** The last traded price per contract (ticker seed, then trades). */
  readonly lastPrices = new Map<string, number>();
  readonly counters: FeedCounters = { disconnects: 0, bookResets: 0, ticks: 0, zhubi: 0 };

  constructor(
    private readonly profile: LiveExchangeProfile,
    private readonly exchange: CcxtExchange,
    private readonly sink: FeedSink,
    private readonly options: MarketFeedOptions = {},
  ) {}

  /** False from a network failure until a stream works again. */
  get connected(): boolean {
    return this.up;
  }

  /** Starts the loops of one contract; `seedLast` is the ticker's last price, if known. */
  add(market: MappedMarket, seedLast?: number): void {
    const builder = new TickBuilder({
      contract: market.contract,
      quote: market.market.quote.toLowerCase(),
      valueTurnover: this.options.valueTurnover,
      now: this.options.now,
    });
    builder.seedLast(seedLast);
    if (seedLast !== undefined) this.lastPrices.set(market.contract, seedLast);
    // The loops call prototype methods bound to this contract's state rather than closures made
    // here: the methods' optimised code serves every feed and contract, where closures made per
    // call of `add` were optimised for the first and compiled again for the next.
    const contract: ContractStreams = { market, symbol: market.ccxtSymbol, builder };
    const bookLoop = new StreamLoop<CcxtBookLike>({
      name: `${market.contract} book`,
      watch: this.watchBook.bind(this, contract),
      onUpdate: this.onBook.bind(this, contract),
      onError: this.onBookError.bind(this, contract),
      onRecovered: this.recovered.bind(this),
    });
    const tradeLoop = new StreamLoop<CcxtTradeLike[]>({
      name: `${market.contract} trades`,
      watch: this.watchTrades.bind(this, contract),
      onUpdate: this.onTrades.bind(this, contract),
      onError: this.onTradesError.bind(this, contract),
      onRecovered: this.recovered.bind(this),
    });
    this.loops.push(bookLoop as StreamLoop<unknown>, tradeLoop as StreamLoop<unknown>);
    bookLoop.start();
    tradeLoop.start();
  }

  async stop(): Promise<void> {
    const stopping = this.loops.map((loop) => loop.stop());
    // Closing the exchange ends the watch calls in flight, so the loops see their stop at once.
    await this.exchange.close();
    await Promise.all(stopping);
  }

  private watchBook(contract: ContractStreams): Promise<CcxtBookLike> {
    return this.exchange.watchOrderBook(contract.symbol) as unknown as Promise<CcxtBookLike>;
  }

  private onBook(contract: ContractStreams, book: CcxtBookLike): void {
    this.publishTick(contract.builder.book(book));
  }

  private onBookError(contract: ContractStreams, error: unknown, failures: number): number {
    const { market, symbol } = contract;
    if (isBookOutOfStep(error)) {
      forceFreshBook(this.exchange, symbol, this.profile.bookHash(symbol, market.market.id));
      this.counters.bookResets++;
      this.sink.status?.({
        exchange: this.profile.code,
        state: 'book-reset',
        contract: market.contract,
        reason: errorText(error),
      });
      return 0;
    }
    return this.failed(error, failures, `${market.contract} book`);
  }

  private watchTrades(contract: ContractStreams): Promise<CcxtTradeLike[]> {
    return this.exchange.watchTrades(contract.symbol) as unknown as Promise<CcxtTradeLike[]>;
  }

  private onTrades(contract: ContractStreams, trades: CcxtTradeLike[]): void {
    const { zhubi, tick } = contract.builder.trades(trades);
    if (zhubi.length > 0) {
      this.counters.zhubi += zhubi.length;
      this.sink.zhubi(zhubi);
    }
    // Only trades move the last price, so it is recorded here rather than at every book tick.
    if (tick) this.lastPrices.set(contract.market.contract, tick.price);
    this.publishTick(tick);
  }

  private onTradesError(contract: ContractStreams, error: unknown, failures: number): number {
    // Some exchange classes (binance) reject every watcher of a connection on a book error;
    // the trades themselves are fine, so watch again at once.
    if (isBookOutOfStep(error)) return 0;
    return this.failed(error, failures, `${contract.market.contract} trades`);
  }

  private publishTick(tick: Tick | undefined): void {
    if (!tick) return;
    this.counters.ticks++;
    this.sink.tick(tick);
  }

  private failed(error: unknown, failures: number, stream: string): number {
    if (isNetworkFailure(error)) {
      if (this.up) {
        this.up = false;
        this.counters.disconnects++;
        this.sink.status?.({ exchange: this.profile.code, state: 'disconnected', reason: errorText(error) });
      }
    } else {
      this.options.onUnexpectedError?.(error, stream);
    }
    return backoffDelay(failures, this.options.backoff);
  }

  private recovered(): void {
    if (this.up) return;
    this.up = true;
    this.sink.status?.({ exchange: this.profile.code, state: 'connected', reason: 'stream resumed' });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}
