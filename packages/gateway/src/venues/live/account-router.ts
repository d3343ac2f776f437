/**
 * One exchange code, two kinds of accounts: `okex/main` trades on the exchange, `okex/mock-alice`
 * is a paper account whose orders live in the engine (reference §2.3: mock accounts are ordinary
 * accounts whose name starts with `mock-`).
 */
import { OtsError } from '@ots/protocol';
import type { OrderQuery, PlaceOrderRequest, VenueTrading } from '../venue.js';

export function isPaperAccount(account: string): boolean {
  return account.slice(account.indexOf('/') + 1).startsWith('mock-');
}

export class AccountRouter implements VenueTrading {
  constructor(
    private readonly live: VenueTrading | undefined,
    private readonly paper: VenueTrading | undefined,
  ) {}

  private pick(account: string): VenueTrading {
    const target = isPaperAccount(account) ? this.paper : this.live;
    if (!target) {
      throw new OtsError(
        'not-allowed',
        isPaperAccount(account)
          ? `${account} is a paper account, but paper trading is not on for this exchange`
          : `${account} is a live account, but live trading is not on for this exchange`,
      );
    }
    return target;
  }

  async placeOrder(account: string, request: PlaceOrderRequest) {
    return this.pick(account).placeOrder(account, request);
  }
  async cancelOrder(account: string, exchange_oid: string) {
    return this.pick(account).cancelOrder(account, exchange_oid);
  }
  async amendOrder(account: string, exchange_oid: string, change: { price?: number; amount?: number }) {
    return this.pick(account).amendOrder(account, exchange_oid, change);
  }
  async orders(account: string, query: OrderQuery) {
    return this.pick(account).orders(account, query);
  }
  async fills(account: string, query: { contract?: string; limit?: number; before?: string }) {
    return this.pick(account).fills(account, query);
  }
  async info(account: string) {
    return this.pick(account).info(account);
  }
}
