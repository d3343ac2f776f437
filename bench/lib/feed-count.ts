/**
 * The ingest benches' OTS side: the gateway's `MarketFeed` streaming one market onto a bus, as the
 * live venue runs it, with the ticks that reach the bus counted while the frames are fed.
 */
import { InProcessBus } from '../../packages/gateway/src/bus/in-process.js';
import type { CcxtExchange } from '../../packages/gateway/src/venues/live/ccxt-client.js';
import type { LiveExchangeProfile } from '../../packages/gateway/src/venues/live/exchanges.js';
import { MarketFeed } from '../../packages/gateway/src/venues/live/market-feed.js';
import type { MappedMarket } from '../../packages/gateway/src/venues/live/markets.js';

/** The bench frames trade near 90 000: the feed's first reference price. */
const REFERENCE_PRICE = 90_000;

/** `feed` hands the frames to the exchange and returns the CPU seconds that took. */
export async function countFeedTicks(
  profile: LiveExchangeProfile,
  exchange: CcxtExchange,
  market: MappedMarket,
  feed: () => Promise<number>,
): Promise<{ ticks: number; seconds: number }> {
  const bus = new InProcessBus();
  let ticks = 0;
  bus.subscribe('tick', '>', () => {
    ticks++;
  });
  const marketFeed = new MarketFeed(profile, exchange, {
    tick: (tick) => bus.publish('tick', market.contract, tick),
    zhubi: (trades) => bus.publish('zhubi', market.contract, trades),
  });
  marketFeed.add(market, REFERENCE_PRICE);
  const seconds = await feed();
  await marketFeed.stop().catch(() => {});
  return { ticks, seconds };
}
