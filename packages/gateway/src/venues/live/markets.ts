/**
 * Contract symbols mapped both ways between OTS (`okex/btc.usdt`, `okswap/btc.usdt.td`) and ccxt's
 * unified markets (`BTC/USDT`, `BTC/USDT:USDT`), and contract specs taken from the markets.
 */
import { type ContractSpec, contractSpec, OtsError } from '@ots/protocol';
import type { MarketKind } from './exchanges.js';
import { SIGNIFICANT_DIGIT_AMOUNT_STEP, significantStep } from './precision.js';

/**
 * For exchanges with significant-digit precision (precision.ts): the reference price per ccxt
 * symbol from which each market's `min_change` is derived.
 */
export interface SignificantDigitSteps {
  referencePrice(ccxtSymbol: string): number | undefined;
}

/** The part of a ccxt market this module reads. */
export interface CcxtMarketLike {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  type?: string;
  spot?: boolean;
  swap?: boolean;
  active?: boolean | undefined;
  contractSize?: number | undefined;
  precision: { price?: number | undefined; amount?: number | undefined };
  limits: { amount?: { min?: number | undefined }; cost?: { min?: number | undefined } };
  maker?: number | undefined;
  taker?: number | undefined;
}

export interface MappedMarket {
  /** `{base}.{quote}[.td]` */
  name: string;
  /** `{exchange}/{name}` */
  contract: string;
  ccxtSymbol: string;
  market: CcxtMarketLike;
  spec: ContractSpec;
}

/** Both directions of the mapping for one exchange code, built once from ccxt's markets. */
export class MarketMap {
  private readonly byContract = new Map<string, MappedMarket>();
  private readonly bySymbol = new Map<string, MappedMarket>();

  constructor(
    readonly exchange: string,
    kind: MarketKind,
    markets: Iterable<CcxtMarketLike>,
    significantDigits?: SignificantDigitSteps,
  ) {
    for (const market of markets) {
      if (market.active === false) continue;
      if (kind === 'spot' ? market.spot !== true : market.swap !== true) continue;
      const name = contractName(market, kind);
      const steps = significantDigits ? stepsFromDigits(market, significantDigits) : undefined;
      // No price yet, so no step: the market is listed once a later load has a price for it.
      if (significantDigits && !steps) continue;
      const mapped: MappedMarket = {
        name,
        contract: `${exchange}/${name}`,
        ccxtSymbol: market.symbol,
        market,
        spec: specOf(exchange, name, market, steps),
      };
      this.byContract.set(mapped.contract, mapped);
      this.bySymbol.set(market.symbol, mapped);
    }
  }

  specs(): ContractSpec[] {
    return [...this.byContract.values()].map((m) => m.spec);
  }

  /** ccxt's market objects (for `setMarkets` on an account's client). */
  ccxtMarkets(): CcxtMarketLike[] {
    return [...this.byContract.values()].map((m) => m.market);
  }

  has(contract: string): boolean {
    return this.byContract.has(contract);
  }

  /** The market of an OTS contract; `contract-not-exist` when this exchange has no such market. */
  forContract(contract: string): MappedMarket {
    const mapped = this.byContract.get(contract);
    if (!mapped) {
      throw new OtsError('contract-not-exist', `contract "${contract}" is not listed on ${this.exchange}`);
    }
    return mapped;
  }

  forSymbol(ccxtSymbol: string): MappedMarket | undefined {
    return this.bySymbol.get(ccxtSymbol);
  }
}

/** `BTC/USDT` → `btc.usdt`; perpetual `BTC/USDT:USDT` → `btc.usdt.td`, `BTC/USD:BTC` → `btc.usd.td`. */
export function contractName(market: Pick<CcxtMarketLike, 'base' | 'quote'>, kind: MarketKind): string {
  const pair = `${market.base.toLowerCase()}.${market.quote.toLowerCase()}`;
  return kind === 'swap' ? `${pair}.td` : pair;
}

function stepsFromDigits(
  market: CcxtMarketLike,
  steps: SignificantDigitSteps,
): { tick: number; lot: number } | undefined {
  const price = steps.referencePrice(market.symbol);
  const tick = price === undefined ? undefined : significantStep(price, market.precision.price ?? 0);
  return tick === undefined ? undefined : { tick, lot: SIGNIFICANT_DIGIT_AMOUNT_STEP };
}

function specOf(
  exchange: string,
  name: string,
  market: CcxtMarketLike,
  steps?: { tick: number; lot: number },
): ContractSpec {
  // ccxt in TICK_SIZE precision mode (okx, gate, binance) gives the tick and the lot directly.
  const tick = steps?.tick ?? market.precision.price;
  const lot = steps?.lot ?? market.precision.amount;
  if (tick === undefined || lot === undefined) {
    throw new OtsError(
      'exg-unexpected-data-format',
      `market ${market.symbol} on ${exchange} has no price or amount precision`,
    );
  }
  return contractSpec({
    exchange,
    name,
    min_change: tick,
    min_amount: market.limits.amount?.min ?? lot,
    unit_amount: lot,
    min_notional: market.limits.cost?.min ?? 0,
    alias: market.id,
    category: market.swap ? 'SWAP' : 'XTC',
    currency: market.quote.toLowerCase(),
  });
}
