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

interface WsClientLike {
  subscriptions: Record<string, unknown>;
  reject(error: unknown, messageHash?: string): void;
  send(message: unknown): Promise<unknown>;
}

type Handler = (client: WsClientLike, message: unknown, subscription?: unknown) => void;

interface Patchable {
  orderbooks: Record<string, { nonce?: number } | undefined>;
  safeSymbol(id: string, market?: unknown, delimiter?: string): string;
  safeMarket(id: string): { symbol: string; contract?: boolean; spot?: boolean };
  [method: string]: unknown;
}

type NonceError = new (message: string) => Error;

export async function installPartTwoQuirks(ccxtId: string, exchange: CcxtExchange): Promise<void> {
  const { InvalidNonce } = (await import('ccxt')).default as unknown as { InvalidNonce: NonceError };
  const target = exchange as unknown as Patchable;
  if (ccxtId === 'htx') installHtxContractGapCheck(target, InvalidNonce);
  if (ccxtId === 'bitfinex') {
    installBitfinexResubscribe(target);
    installBitfinexTradeSnapshotSkip(target);
  }
  if (ccxtId === 'poloniex') installPoloniexGapCheck(target, InvalidNonce);
}

function installHtxContractGapCheck(target: Patchable, InvalidNonce: NonceError): void {
  const original = target.handleOrderBook as Handler;
  target.handleOrderBook = function (this: Patchable, client: WsClientLike, message: unknown) {
    const { ch, tick } = message as { ch?: string; tick?: { event?: string; version?: number } };
    if (ch && tick?.event === 'update' && typeof tick.version === 'number') {
      const market = this.safeMarket(ch.split('.')[1] ?? '');
      const book = this.orderbooks[market.symbol];
      if (market.contract && book?.nonce !== undefined && tick.version > book.nonce + 1) {
        client.reject(
          new InvalidNonce(`htx ${market.symbol} book version ${tick.version} does not follow ${book.nonce}`),
          ch,
        );
        return;
      }
    }
    original.call(this, client, message);
  };
}

function installBitfinexResubscribe(target: Patchable): void {
  const original = target.handleChecksum as Handler;
  target.handleChecksum = function (
    this: Patchable,
    client: WsClientLike,
    message: unknown,
    subscription: unknown,
  ) {
    const { symbol, chanId } = (subscription ?? {}) as { symbol?: string; chanId?: number };
    const hash = `book:${symbol}`;
    const before = hash in client.subscriptions;
    original.call(this, client, message, subscription);
    if (before && !(hash in client.subscriptions) && chanId !== undefined) {
      // ccxt gave the book up: close its channel so that subscribing again is not a duplicate.
      delete client.subscriptions[String(chanId)];
      client.send({ event: 'unsubscribe', chanId }).catch(() => {
        // A closed connection drops the channel anyway.
      });
    }
  };
}

function installBitfinexTradeSnapshotSkip(target: Patchable): void {
  const original = target.handleTrades as Handler;
  target.handleTrades = function (
    this: Patchable,
    client: WsClientLike,
    message: unknown,
    subscription: unknown,
  ) {
    // `[chanId, [[id, mts, amount, price], ...]]` is the snapshot; updates are `[chanId, 'te', [...]]`.
    if (Array.isArray(message) && message.length === 2 && Array.isArray(message[1])) return;
    original.call(this, client, message, subscription);
  };
}

function installPoloniexGapCheck(target: Patchable, InvalidNonce: NonceError): void {
  const original = target.handleOrderBook as Handler;
  // The last update id per Poloniex market id (`BTC_USDT`): this runs on every book message, so it
  // keys by the id the message carries and works out ccxt's symbol only to reject.
  const lastIds = new Map<string, number>();
  target.handleOrderBook = function (this: Patchable, client: WsClientLike, message: unknown) {
    const { action, data } = message as {
      action?: string;
      data?: Array<{ symbol?: string; id?: number | string; lastId?: number | string }>;
    };
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
            new InvalidNonce(`poloniex ${symbol} book update ${item.lastId}→${id} does not follow ${last}`),
            `book_lv2::${symbol}`,
          );
          return;
        }
        if (last !== undefined) lastIds.set(marketId, id);
      }
    }
    original.call(this, client, message);
  };
}
