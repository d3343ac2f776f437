/**
 * Forcing a fresh order book. After a sequence gap or checksum error the cached book is wrong; ccxt
 * only re-subscribes (and so gets a new snapshot) when the subscription is gone, which some of its
 * exchange classes forget after they throw. We drop both the book and the subscription so that the
 * next `watchOrderBook` subscribes again, whatever the exchange class did.
 */
import type { CcxtExchange } from './ccxt-client.js';

interface ClientLike {
  subscriptions: Record<string, unknown>;
}

export function forceFreshBook(exchange: CcxtExchange, symbol: string, subscriptionHash: string): void {
  delete (exchange.orderbooks as Record<string, unknown>)[symbol];
  for (const client of Object.values(exchange.clients as Record<string, ClientLike>)) {
    delete client.subscriptions[subscriptionHash];
  }
}

/** ccxt's error classes that mean "the book is out of step" rather than "the connection failed". */
export function isBookOutOfStep(error: unknown): boolean {
  const name = (error as { constructor?: { name?: string } })?.constructor?.name;
  return name === 'InvalidNonce' || name === 'ChecksumError';
}

/** ccxt's network-level failures (its `NetworkError` family), by class name along the prototype chain. */
export function isNetworkFailure(error: unknown): boolean {
  let proto = error && typeof error === 'object' ? Object.getPrototypeOf(error) : null;
  while (proto && proto !== Object.prototype) {
    if (proto.constructor?.name === 'NetworkError') return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}
