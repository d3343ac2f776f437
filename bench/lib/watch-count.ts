/**
 * The ingest benches' ccxt side: watch loops on the order book and the trades of one symbol, counting
 * the updates ccxt resolves while the frames are fed, until the exchange is closed at the end of the
 * round (a watch then rejects and its loop ends).
 */
import type { CcxtExchange } from '../../packages/gateway/src/venues/live/ccxt-client.js';

/** `feed` hands the frames to the exchange and returns the CPU seconds that took. */
export async function countCcxtUpdates(
  exchange: CcxtExchange,
  symbol: string,
  feed: () => Promise<number>,
): Promise<{ updates: number; seconds: number }> {
  let updates = 0;
  let running = true;
  const loop = async (watch: () => Promise<unknown>) => {
    while (running) {
      try {
        await watch();
      } catch {
        return; // closed at the end of the round
      }
      updates++;
    }
  };
  void loop(() => exchange.watchOrderBook(symbol));
  void loop(() => exchange.watchTrades(symbol));
  const seconds = await feed();
  running = false;
  await exchange.close().catch(() => {});
  return { updates, seconds };
}
