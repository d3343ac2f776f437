/**
 * The exchange-neutral state behind every fake exchange: order books with sequence numbers, public
 * trades, and one ledger of accounts (keyed by API key), orders and fills. Dialects translate it to
 * and from each exchange's wire format; tests drive it (set a book, trade, fill an order, fail the
 * next call) and read it back.
 */

export type FakeSide = 'buy' | 'sell';

export interface FakeLevel {
  price: number;
  amount: number;
}

/** One order book: price → amount per side, and the exchange's update counter. */
export class FakeBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  seq = 1000;

  set(bids: Array<[number, number]>, asks: Array<[number, number]>): void {
    this.bids.clear();
    this.asks.clear();
    for (const [p, a] of bids) this.bids.set(p, a);
    for (const [p, a] of asks) this.asks.set(p, a);
  }

  apply(side: 'bids' | 'asks', levels: Array<[number, number]>): void {
    for (const [p, a] of levels) {
      if (a === 0) this[side].delete(p);
      else this[side].set(p, a);
    }
  }

  sorted(side: 'bids' | 'asks', depth = Number.POSITIVE_INFINITY): Array<[number, number]> {
    const levels = [...this[side].entries()].sort((x, y) => (side === 'bids' ? y[0] - x[0] : x[0] - y[0]));
    return levels.slice(0, depth);
  }
}

/** Failures a test can inject into the next matching call; each dialect answers with its own code. */
export type FakeFailure =
  | 'rate-limit'
  | 'invalid-key'
  | 'no-money'
  | 'min-notional'
  | 'bad-amount'
  | 'bad-price'
  | 'not-exist';

export type FakeOperation = 'place' | 'cancel' | 'amend' | 'query' | 'balance';

export interface FakeOrder {
  id: string;
  clientId: string;
  apiKey: string;
  symbolId: string;
  base: string;
  quote: string;
  side: FakeSide;
  price: number;
  amount: number;
  filled: number;
  /** Sum of price * amount over fills, for the average price. */
  cost: number;
  fee: number;
  status: 'open' | 'filled' | 'canceled';
  createdMs: number;
  updatedMs: number;
}

export interface FakeFill {
  id: string;
  orderId: string;
  clientId: string;
  apiKey: string;
  symbolId: string;
  side: FakeSide;
  price: number;
  amount: number;
  fee: number;
  feeCurrency: string;
  maker: boolean;
  ms: number;
}

interface FakeAccount {
  secret: string;
  balances: Map<string, { free: number; used: number }>;
}

export class FakeLedger {
  private readonly accounts = new Map<string, FakeAccount>();
  readonly orders = new Map<string, FakeOrder>();
  readonly fills: FakeFill[] = [];
  private readonly failures: Array<{ op: FakeOperation; failure: FakeFailure }> = [];
  private nextId = 5_000_000_001;
  /** The clock of order and fill times; a test may set it. */
  nowMs = Date.UTC(2026, 10, 25, 12, 0, 0);
  feeRate = 0.001;
  /** Called as an order request reaches the exchange, before it is accepted (tests look at the store then). */
  onPlaceRequest: ((clientId: string) => void) | undefined;

  addAccount(apiKey: string, secret: string, balances: Record<string, number>): void {
    const map = new Map(Object.entries(balances).map(([c, free]) => [c, { free, used: 0 }]));
    this.accounts.set(apiKey, { secret, balances: map });
  }

  hasAccount(apiKey: string | undefined): boolean {
    return apiKey !== undefined && this.accounts.has(apiKey);
  }

  balances(apiKey: string): Map<string, { free: number; used: number }> {
    return this.account(apiKey).balances;
  }

  private readonly lostReplies: FakeOperation[] = [];

  /** The next `op` is carried out, but its reply is lost (the client sees a gateway timeout). */
  loseNextReply(op: FakeOperation): void {
    this.lostReplies.push(op);
  }

  takeLostReply(op: FakeOperation): boolean {
    const i = this.lostReplies.indexOf(op);
    if (i >= 0) this.lostReplies.splice(i, 1);
    return i >= 0;
  }

  /** The next call of `op` fails with `failure` (once). */
  failNext(op: FakeOperation, failure: FakeFailure): void {
    this.failures.push({ op, failure });
  }

  /** The injected failure for this call, if any (consumed). */
  takeFailure(op: FakeOperation): FakeFailure | undefined {
    const i = this.failures.findIndex((f) => f.op === op);
    if (i < 0) return undefined;
    return this.failures.splice(i, 1)[0]?.failure;
  }

  newId(): string {
    return String(this.nextId++);
  }

  /** Places a resting limit order, freezing what it could spend; `no-money` when it cannot. */
  place(
    order: Omit<FakeOrder, 'id' | 'filled' | 'cost' | 'fee' | 'status' | 'createdMs' | 'updatedMs'>,
  ): FakeOrder | 'no-money' {
    this.onPlaceRequest?.(order.clientId);
    const account = this.account(order.apiKey);
    const [currency, need] =
      order.side === 'buy' ? [order.quote, order.price * order.amount] : [order.base, order.amount];
    const balance = account.balances.get(currency) ?? { free: 0, used: 0 };
    if (balance.free + 1e-12 < need) return 'no-money';
    balance.free -= need;
    balance.used += need;
    account.balances.set(currency, balance);
    const full: FakeOrder = {
      ...order,
      id: this.newId(),
      filled: 0,
      cost: 0,
      fee: 0,
      status: 'open',
      createdMs: this.nowMs,
      updatedMs: this.nowMs,
    };
    this.orders.set(full.id, full);
    return full;
  }

  cancel(id: string): FakeOrder | undefined {
    const order = this.orders.get(id);
    if (!order || order.status !== 'open') return undefined;
    this.release(order);
    order.status = 'canceled';
    order.updatedMs = this.nowMs;
    return order;
  }

  /** Changes an open order's price or amount in place (re-freezing the difference). */
  amend(id: string, price?: number, amount?: number): FakeOrder | undefined {
    const order = this.orders.get(id);
    if (!order || order.status !== 'open') return undefined;
    this.release(order);
    if (price !== undefined) order.price = price;
    if (amount !== undefined) order.amount = amount;
    this.freeze(order);
    order.updatedMs = this.nowMs;
    return order;
  }

  /** Fills `amount` of an open order at `price` (maker by default), moving balances and charging fees. */
  fill(id: string, amount: number, price = this.orders.get(id)?.price ?? 0, maker = true): FakeFill {
    const order = this.orders.get(id);
    if (!order || order.status !== 'open') throw new Error(`fake ledger: order ${id} is not open`);
    const account = this.account(order.apiKey);
    this.release(order);
    const feeCurrency = order.side === 'buy' ? order.base : order.quote;
    const received = order.side === 'buy' ? amount : amount * price;
    const fee = received * this.feeRate;
    const spend = order.side === 'buy' ? amount * price : amount;
    const spendCurrency = order.side === 'buy' ? order.quote : order.base;
    this.adjust(account, spendCurrency, -spend);
    this.adjust(account, feeCurrency, received - fee);
    order.filled += amount;
    order.cost += amount * price;
    order.fee += fee;
    if (order.filled + 1e-12 >= order.amount) order.status = 'filled';
    else this.freeze(order);
    order.updatedMs = this.nowMs;
    const fill: FakeFill = {
      id: this.newId(),
      orderId: order.id,
      clientId: order.clientId,
      apiKey: order.apiKey,
      symbolId: order.symbolId,
      side: order.side,
      price,
      amount,
      fee,
      feeCurrency,
      maker,
      ms: this.nowMs,
    };
    this.fills.push(fill);
    return fill;
  }

  private account(apiKey: string): FakeAccount {
    const account = this.accounts.get(apiKey);
    if (!account) throw new Error(`fake ledger: no account for key ${apiKey}`);
    return account;
  }

  private adjust(account: FakeAccount, currency: string, delta: number): void {
    const balance = account.balances.get(currency) ?? { free: 0, used: 0 };
    balance.free += delta;
    account.balances.set(currency, balance);
  }

  private frozenOf(order: FakeOrder): [string, number] {
    const left = order.amount - order.filled;
    return order.side === 'buy' ? [order.quote, left * order.price] : [order.base, left];
  }

  private release(order: FakeOrder): void {
    const [currency, amount] = this.frozenOf(order);
    const balance = this.account(order.apiKey).balances.get(currency);
    if (!balance) return;
    balance.used -= amount;
    balance.free += amount;
  }

  private freeze(order: FakeOrder): void {
    const [currency, amount] = this.frozenOf(order);
    const balance = this.account(order.apiKey).balances.get(currency) ?? { free: 0, used: 0 };
    balance.used += amount;
    balance.free -= amount;
    this.account(order.apiKey).balances.set(currency, balance);
  }
}
