/**
 * Fixes layered over ccxt 4.5.84 for the order books of HTX perpetuals, Bitfinex and Poloniex,
 * installed on one exchange instance (never on ccxt's classes), as quirks.ts does for Gate.
 *
 * - HTX perpetuals (`depth.size_150.high_freq`, incremental): each update carries `version`, one
 *   more than the previous. ccxt skips an update whose version does not follow and keeps the stale
 *   book without a word; we reject the book's watchers with `InvalidNonce` instead, so the feed
 *   subscribes again and HTX sends a fresh snapshot. (HTX spot books already raise
 *   `ChecksumError` on a `prevSeqNum` gap.)
 * - Bitfinex: on a checksum mismatch ccxt drops its book and subscription but leaves the channel
 *   open on the exchange, which then refuses the new subscription as a duplicate. We unsubscribe
 *   the old channel first and stop routing its messages. Bitfinex also opens each trades channel
 *   with a snapshot of recent trades, which ccxt hands out as if they were new: after a reconnect
 *   they would be published as zhubi a second time, so the snapshot is skipped.
 * - Poloniex (`book_lv2`): each update carries `lastId` (the previous update's `id`); ccxt ignores
 *   both. We check them and reject with `InvalidNonce` on a gap.
 */
import type { CcxtExchange } from './ccxt-client.js';
import { classOf, replaceMethod } from './quirk-methods.js';

interface WsClientLike {
  subscriptions: Record<string, unknown>;
  reject(error: unknown, messageHash?: string): void;
  send(message: unknown): Promise<unknown>;
}

type Handler = (this: object, client: WsClientLike, message: unknown, subscription?: unknown) => void;

interface Patchable {
  orderbooks: Record<string, { nonce?: number } | undefined>;
  safeSymbol(id: string, market?: unknown, delimiter?: string): string;
  safeMarket(id: string): { symbol: string; contract?: boolean; spot?: boolean };
}

type NonceError = new (message: string) => Error;

/** ccxt's `InvalidNonce`, set by the first install (the replacements are shared by every instance). */
let InvalidNonce: NonceError | undefined;

export async function installPartTwoQuirks(ccxtId: string, exchange: CcxtExchange): Promise<void> {
  InvalidNonce ??= ((await import('ccxt')).default as unknown as { InvalidNonce: NonceError }).InvalidNonce;
  if (ccxtId === 'htx') replaceMethod(exchange, 'handleOrderBook', htxCheckedOrderBook);
  if (ccxtId === 'bitfinex') {
    replaceMethod(exchange, 'handleChecksum', bitfinexChecksumResubscribing);
    replaceMethod(exchange, 'handleTrades', bitfinexTradesWithoutSnapshot);
  }
  if (ccxtId === 'poloniex') replaceMethod(exchange, 'handleOrderBook', poloniexCheckedOrderBook);
}

/** HTX's `handleOrderBook`, which first rejects a perpetual's update whose version does not follow. */
function htxCheckedOrderBook(this: Patchable, client: WsClientLike, message: unknown): void {
  const { ch, tick } = message as { ch?: string; tick?: { event?: string; version?: number } };
  if (ch && tick?.event === 'update' && typeof tick.version === 'number') {
    const market = this.safeMarket(ch.split('.')[1] ?? '');
    const book = this.orderbooks[market.symbol];
    if (market.contract && book?.nonce !== undefined && tick.version > book.nonce + 1) {
      client.reject(
        new (InvalidNonce as NonceError)(
          `htx ${market.symbol} book version ${tick.version} does not follow ${book.nonce}`,
        ),
        ch,
      );
      return;
    }
  }
  classOf<{ handleOrderBook: Handler }>(this).handleOrderBook.call(this, client, message);
}

// ccxt's book subscription key (`book:tBTCUST`) per Bitfinex market id, made once per market. A
// checksum arrives after about every other book update, and a key built anew each time is a fresh
// string that each of the two lookups below must first hash and find among the interned ones.
const bitfinexBookHashes = new Map<string, string>();

function bitfinexBookHash(marketId: string): string {
  let hash = bitfinexBookHashes.get(marketId);
  if (hash === undefined) {
    hash = `book:${marketId}`;
    bitfinexBookHashes.set(marketId, hash);
  }
  return hash;
}

/** Bitfinex's `handleChecksum`, which also closes the channel of a book ccxt gave up. */
function bitfinexChecksumResubscribing(
  this: Patchable,
  client: WsClientLike,
  message: unknown,
  subscription: unknown,
): void {
  const { symbol, chanId } = (subscription ?? {}) as { symbol?: string; chanId?: number };
  const hash = bitfinexBookHash(String(symbol));
  const before = hash in client.subscriptions;
  classOf<{ handleChecksum: Handler }>(this).handleChecksum.call(this, client, message, subscription);
  if (before && !(hash in client.subscriptions) && chanId !== undefined) {
    // ccxt gave the book up: close its channel so that subscribing again is not a duplicate.
    delete client.subscriptions[String(chanId)];
    client.send({ event: 'unsubscribe', chanId }).catch(() => {
      // A closed connection drops the channel anyway.
    });
  }
}

/** Bitfinex's `handleTrades`, which skips the snapshot of recent trades that opens a channel. */
function bitfinexTradesWithoutSnapshot(
  this: Patchable,
  client: WsClientLike,
  message: unknown,
  subscription: unknown,
): void {
  // `[chanId, [[id, mts, amount, price], ...]]` is the snapshot; updates are `[chanId, 'te', [...]]`.
  if (Array.isArray(message) && message.length === 2 && Array.isArray(message[1])) return;
  classOf<{ handleTrades: Handler }>(this).handleTrades.call(this, client, message, subscription);
}

// The last update id per Poloniex market id (`BTC_USDT`), per exchange instance.
const poloniexLastIds = new WeakMap<object, Map<string, number>>();

/**
 * Poloniex's `handleOrderBook`, which first rejects an update whose `lastId` is not the previous
 * update's `id`. It runs on every book message, so it keys by the market id the message carries and
 * works out ccxt's symbol only to reject.
 */
function poloniexCheckedOrderBook(this: Patchable, client: WsClientLike, message: unknown): void {
  const { action, data } = message as {
    action?: string;
    data?: Array<{ symbol?: string; id?: number | string; lastId?: number | string }>;
  };
  let lastIds = poloniexLastIds.get(this);
  if (!lastIds) {
    lastIds = new Map();
    poloniexLastIds.set(this, lastIds);
  }
  const items = data ?? [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as (typeof items)[number];
    const marketId = item.symbol ?? '';
    const id = Number(item.id);
    if (action === 'snapshot') {
      lastIds.set(marketId, id);
    } else if (action === 'update') {
      const last = lastIds.get(marketId);
      if (last !== undefined && Number(item.lastId) !== last) {
        lastIds.delete(marketId);
        const symbol = this.safeSymbol(marketId, undefined, '_');
        client.reject(
          new (InvalidNonce as NonceError)(
            `poloniex ${symbol} book update ${item.lastId}→${id} does not follow ${last}`,
          ),
          `book_lv2::${symbol}`,
        );
        return;
      }
      if (last !== undefined) lastIds.set(marketId, id);
    }
  }
  classOf<{ handleOrderBook: Handler }>(this).handleOrderBook.call(this, client, message);
}
