/**
 * Paper trading on a live venue: the engine's contracts from the exchange's markets (tick, lot,
 * minimums and the exchange's maker and taker fees), and the venue's feed wired to the engine.
 */
import type { EngineContract } from '@ots/engine';
import type { TradeStore } from '../../trade/trade-store.js';
import type { LiveVenue } from '../live/live-venue.js';
import type { MarketMap } from '../live/markets.js';
import { PaperTrading, type PaperTradingOptions } from './paper-trading.js';

/** Default fees when an exchange's markets carry none (0.1% both ways, the common spot tier). */
const DEFAULT_FEE = 0.001;

export function engineContractsOf(markets: MarketMap): EngineContract[] {
  return markets.ccxtMarkets().map((market) => {
    const mapped = markets.forSymbol(market.symbol);
    if (!mapped) throw new Error(`market ${market.symbol} is not mapped`);
    const spec = mapped.spec;
    const name = spec.name.split('.');
    return {
      symbol: spec.symbol,
      base: name[0] as string,
      quote: name[1] as string,
      min_change: spec.min_change,
      min_amount: spec.min_amount,
      unit_amount: spec.unit_amount,
      min_notional: spec.min_notional,
      maker_fee: market.maker ?? DEFAULT_FEE,
      taker_fee: market.taker ?? DEFAULT_FEE,
    };
  });
}

/** Opens the `mock-*` accounts of a live venue's exchange and feeds them the venue's market data. */
export async function openPaperTrading(
  venue: LiveVenue,
  store: TradeStore,
  options: Omit<PaperTradingOptions, 'contracts' | 'store'> = {},
): Promise<PaperTrading> {
  const markets = await venue.loadMarkets();
  const paper = new PaperTrading({ ...options, contracts: engineContractsOf(markets), store });
  venue.attachPaper(paper);
  return paper;
}
