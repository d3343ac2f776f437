/**
 * Fixes layered over ccxt 4.5.84 for the exchanges' websocket quirks, installed on one exchange
 * instance (never on ccxt's classes).
 *
 * Gate spot order book v2 (`spot.obu`): each update carries the first (`U`) and last (`u`) update id
 * it covers; Gate's rule is that `U` must be the previous `u` + 1, otherwise the local book is lost
 * and a full snapshot must be requested by subscribing again. ccxt 4.5.84 applies the update anyway,
 * so a lost message would leave a wrong book for good. We check the ids first and, on a gap, reject
 * the book's watchers with ccxt's own `InvalidNonce`, which the feed answers with a fresh book.
 *
 * Every exchange: with `enableRateLimit`, ccxt 4.5.84's `watch` sends a subscription after its
 * throttle without handling the send's rejection; a socket that closes in that instant (a dropped
 * connection right after a subscribe) would surface as an unhandled rejection, which ends a Node
 * process. The connection's close already rejects the watchers, so that rejection is marked handled.
 *
 * Every exchange, not a fix but a speed-up: ccxt's CRC-32 (Bitfinex's book checksums, Kraken's and
 * Bitget's) runs in Node's zlib instead of ccxt's JavaScript loop; same results (see `ccxtCrc32`).
 */
import * as zlib from 'node:zlib';
import type { CcxtExchange } from './ccxt-client.js';
import { classOf, replaceMethod } from './quirk-methods.js';
import { installPartTwoQuirks } from './quirks-part-two.js';

interface WsClientLike {
  reject(error: unknown, messageHash?: string): void;
}

type Handler = (this: object, client: WsClientLike, message: unknown) => void;

export async function installQuirks(ccxtId: string, exchange: CcxtExchange): Promise<void> {
  replaceMethod(exchange, 'client', guardedClient);
  await useNativeCrc32(exchange);
  if (ccxtId === 'gate') {
    InvalidNonce ??= await invalidNonceClass();
    replaceMethod(exchange, 'handleNewSpotOrderBook', gateCheckedSpotOrderBook);
  }
  await installPartTwoQuirks(ccxtId, exchange);
}

interface SendingClient {
  send(message: unknown): Promise<unknown>;
  [GUARDED]?: true;
}

const GUARDED = Symbol('ots.sendGuarded');

/**
 * ccxt's `client(url)`, whose clients' sends never leave a rejection unhandled. ccxt asks for the
 * client twice per `watch*` call, so a client already made and guarded is answered straight from
 * `clients`, as ccxt's own method would answer it, without going through that method.
 */
function guardedClient(
  this: { clients?: Record<string, SendingClient | undefined> },
  url: string,
): SendingClient {
  const known = this.clients?.[url];
  if (known !== undefined && known[GUARDED] === true) return known;
  const client = classOf<{ client(url: string): SendingClient }>(this).client.call(this, url);
  if (!client[GUARDED]) {
    const send = client.send.bind(client);
    client.send = (message) => {
      const sent = send(message);
      // Callers that handle the failure still see it; nobody else is left with it unhandled.
      sent.catch(() => {});
      return sent;
    };
    client[GUARDED] = true;
  }
  return client;
}

/**
 * ccxt's `crc32(text, signed)` computed by zlib. Bitfinex checksums its book after about every other
 * update: ccxt joins the top 25 levels of each side into one text and runs its CRC over it, a table
 * lookup per character in JavaScript, which was a tenth of the Bitfinex feed's CPU (bitfinex ingest
 * profile, ccxt alone and OTS alike); zlib's is about fifteen times faster on that text. ccxt's loop
 * uses the low byte of each UTF-16 unit, which is what a latin1 Buffer holds, so the result is ccxt's
 * for any text, signed as ccxt signs it (tested against ccxt's own on ASCII and beyond).
 */
export function ccxtCrc32(text: string, signed = false): number {
  // The text's bytes go through one reused buffer (a checksum needs them only for the call).
  if (text.length > crcBytes.length) crcBytes = Buffer.allocUnsafe(2 * text.length);
  const length = crcBytes.write(text, 0, 'latin1');
  const unsigned = (zlib.crc32 as (data: Uint8Array) => number)(crcBytes.subarray(0, length));
  return signed && unsigned >= 0x80000000 ? unsigned - 0x100000000 : unsigned;
}

let crcBytes = Buffer.allocUnsafe(4096);

/**
 * ccxt sets its CRC-32 helper on each instance (`this.crc32`); it is replaced only when it is ccxt's
 * own, as `replaceMethod` does for methods, so that a ccxt which changed it is noticed.
 */
async function useNativeCrc32(exchange: CcxtExchange): Promise<void> {
  const instance = exchange as unknown as { crc32: unknown };
  // zlib's CRC-32 came in Node 20.15; before it ccxt's own stays.
  if (instance.crc32 === ccxtCrc32 || typeof zlib.crc32 !== 'function') return;
  const ccxtOwn = ((await import('ccxt')).default as unknown as { crc32: unknown }).crc32;
  if (instance.crc32 !== ccxtOwn) {
    throw new Error("cannot replace crc32: it is not ccxt's own helper");
  }
  instance.crc32 = ccxtCrc32;
}

type NonceError = new (message: string) => Error;

/** ccxt's `InvalidNonce`, loaded with ccxt by the first quirk that rejects with it. */
let InvalidNonce: NonceError | undefined;

export async function invalidNonceClass(): Promise<NonceError> {
  return ((await import('ccxt')).default as unknown as { InvalidNonce: NonceError }).InvalidNonce;
}

interface GateExchange {
  orderbooks: Record<string, { nonce?: number } | undefined>;
  safeSymbol(id: string, market?: unknown, delimiter?: string, type?: string): string;
}

/** Gate's `handleNewSpotOrderBook`, which first rejects an update that does not follow the book. */
function gateCheckedSpotOrderBook(this: GateExchange, client: WsClientLike, message: unknown): void {
  const result = (message as { result?: { full?: boolean; s?: string; U?: number; u?: number } }).result;
  if (result && result.full !== true && typeof result.U === 'number' && typeof result.s === 'string') {
    const marketId = result.s.split('.')[1] ?? '';
    const symbol = this.safeSymbol(marketId, undefined, '_', 'spot');
    const book = this.orderbooks[symbol];
    if (book?.nonce !== undefined && result.U > book.nonce + 1) {
      client.reject(
        new (InvalidNonce as NonceError)(
          `gate ${symbol} order book update ${result.U} does not follow ${book.nonce}`,
        ),
        `orderbook:${symbol}`,
      );
      return;
    }
  }
  classOf<{ handleNewSpotOrderBook: Handler }>(this).handleNewSpotOrderBook.call(this, client, message);
}
