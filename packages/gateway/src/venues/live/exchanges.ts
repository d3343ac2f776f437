/**
 * The exchanges of the original OTS list (and binance), as protocol exchange codes: which ccxt
 * exchange and market type each one is, and the quirks the live venue works around. Closed
 * exchanges stay listed so that their code answers `exg-closed` instead of "unknown".
 */
import { OtsError } from '@ots/protocol';
import type { CcxtExchange, CcxtModule } from './ccxt-client.js';
import { PART_TWO_EXCHANGES } from './exchanges-part-two.js';

export type MarketKind = 'spot' | 'swap';

export interface LiveExchangeProfile {
  /** The protocol's exchange code: `okex`, `okswap`, `gate`, `binance`. */
  code: string;
  /** ccxt's id: `okx`, `gate`, `binance`. */
  ccxtId: 'okx' | 'gate' | 'binance' | 'htx' | 'bitfinex' | 'poloniex' | 'bithumb';
  kind: MarketKind;
  /** Whether the exchange edits an order in place; otherwise amend is cancel-and-replace. */
  nativeAmend: boolean;
  /** ccxt options that keep it to this exchange code's markets and skip calls we do not need. */
  ccxtOptions: Record<string, unknown>;
  /** Longest client id the exchange accepts (prefix included), its form, and the parameter carrying it. */
  clientId: { maxLength: number; pattern: RegExp; prefix: string; param: string; numeric?: boolean };
  /**
   * How ccxt gives the price step: `tick` (the step itself, the default) or `significant-digits`
   * (bitfinex, bithumb: a count of significant digits, so the step depends on the price; see
   * precision.ts).
   */
  priceSteps?: 'tick' | 'significant-digits';
  /**
   * For cancel-and-replace amends: the replacement needs a client id of its own because the exchange
   * refuses one it has seen recently (HTX: unique within 24 hours), not the replaced order's.
   */
  freshClientIdOnReplace?: boolean;
  /** ccxt's key for the order book subscription of a symbol (to force a fresh book). */
  bookHash(symbol: string, marketId: string): string;
  /**
   * Finds an order by its exchange client id (reconciliation of intents), for exchanges that need
   * their own call: resolves undefined when the exchange has no such order, rejects when it cannot
   * tell. Without it, reconcile.ts asks ccxt's fetchOrder as OKX, Gate and Binance take it.
   */
  findByClientId?(client: CcxtExchange, clientId: string, symbol: string): Promise<unknown>;
  /** Adjusts each new ccxt client of this exchange (public and per account) where ccxt falls short. */
  adaptClient?(client: CcxtExchange, ccxt: CcxtModule): void;
}

export const LIVE_EXCHANGES: Readonly<Record<string, LiveExchangeProfile>> = {
  okex: {
    code: 'okex',
    ccxtId: 'okx',
    kind: 'spot',
    nativeAmend: true,
    ccxtOptions: { fetchMarkets: { types: ['spot'] }, createOrder: 'privatePostTradeOrder' },
    // OKX clOrdId: 1-32 letters and digits.
    clientId: { maxLength: 32, pattern: /^[A-Za-z0-9]{1,32}$/, prefix: '', param: 'clOrdId' },
    bookHash: (symbol) => `books:${symbol}`,
  },
  okswap: {
    code: 'okswap',
    ccxtId: 'okx',
    kind: 'swap',
    nativeAmend: true,
    ccxtOptions: {
      fetchMarkets: { types: ['swap'] },
      defaultType: 'swap',
      createOrder: 'privatePostTradeOrder',
    },
    clientId: { maxLength: 32, pattern: /^[A-Za-z0-9]{1,32}$/, prefix: '', param: 'clOrdId' },
    bookHash: (symbol) => `books:${symbol}`,
  },
  gate: {
    code: 'gate',
    ccxtId: 'gate',
    kind: 'spot',
    nativeAmend: true,
    ccxtOptions: { fetchMarkets: { types: ['spot'] }, unifiedAccount: false },
    // Gate `text`: `t-` then letters, digits, `_`, `-`, `.`; ccxt 4.5.84 allows 28 characters in all.
    clientId: { maxLength: 28, pattern: /^t-[A-Za-z0-9_.-]{1,26}$/, prefix: 't-', param: 'text' },
    bookHash: (symbol) => `orderbook:${symbol}`,
  },
  binance: {
    code: 'binance',
    ccxtId: 'binance',
    kind: 'spot',
    // Binance spot has order amend-keep-priority only for decreasing the amount; ccxt's editOrder
    // is cancel-replace (one call), which we report as such.
    nativeAmend: false,
    ccxtOptions: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false },
    // Binance newClientOrderId: `^[.A-Z:/a-z0-9_-]{1,36}$`.
    clientId: { maxLength: 36, pattern: /^[.A-Z:/a-z0-9_-]{1,36}$/, prefix: '', param: 'newClientOrderId' },
    bookHash: (symbol) => `orderbook::${symbol}`,
  },
  ...PART_TWO_EXCHANGES,
};

/** Exchanges of the original list that have closed, with when. */
export const CLOSED_EXCHANGES: Readonly<Record<string, string>> = {
  bitmex: 'closed on 2026-09-23',
  bittrex: 'closed (Bittrex Global wound down in December 2023)',
  bitstar: 'closed',
  exx: 'closed',
  coinegg: 'closed',
};

/** The profile of a live exchange code; `exg-closed` for a closed one, `invalid-param` otherwise. */
export function liveExchange(code: string): LiveExchangeProfile {
  const profile = LIVE_EXCHANGES[code];
  if (profile) return profile;
  const closed = CLOSED_EXCHANGES[code];
  if (closed) throw new OtsError('exg-closed', `exchange "${code}" has ${closed}; it cannot be turned on`);
  throw new OtsError(
    'invalid-param',
    `unknown live exchange "${code}"; expected one of ${Object.keys(LIVE_EXCHANGES).join(', ')}`,
  );
}
