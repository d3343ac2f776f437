/**
 * Trading on the sim venue: the engine does the matching, the trade store keeps what it did.
 *
 * Every engine event reaches `onEngineEvent` (the engine's sink). Events are collected and written
 * in ONE transaction per engine call: for a user's command right after `apply`, before the request
 * is answered; for the synthetic market's steps (agents taking users' resting orders) in a microtask
 * after the step, before anything is pushed. Listeners (the account websocket) hear of events only
 * once they are on disk.
 */
import { Engine, type EngineApi, type EngineCommand, type EngineConfig, type EngineEvent } from '@ots/engine';
import { type DealtTrans, type InfoData, type Order, OtsError } from '@ots/protocol';
import type { TradeStore } from '../../trade/trade-store.js';
import type { OrderQuery, PlaceOrderRequest, VenueTrading } from '../venue.js';

export type CommittedListener = (events: readonly EngineEvent[]) => void;

export interface SimTradingOptions {
  /** Epoch microseconds; default a non-decreasing `Date.now() * 1000`. */
  nowUs?: () => number;
}

export class SimTrading implements VenueTrading {
  private pending: EngineEvent[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<CommittedListener>();
  private readonly nowUs: () => number;

  constructor(
    private readonly engine: EngineApi,
    private readonly store: TradeStore,
    options: SimTradingOptions = {},
  ) {
    let last = 0;
    this.nowUs =
      options.nowUs ??
      (() => {
        last = Math.max(last, Date.now() * 1000);
        return last;
      });
  }

  /** The engine's event sink: pass `(e) => trading.onEngineEvent(e)` to the engine. */
  onEngineEvent(event: EngineEvent): void {
    if (event.kind === 'trade') return;
    this.pending.push(event);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // A market step emits its events synchronously; they are committed together right after it.
      queueMicrotask(() => this.flush());
    }
  }

  /** Hears every batch of events after it is committed. Returns the unsubscribe function. */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes the collected events in one transaction, then tells the listeners. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.store.commit(batch);
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // A failing push must not undo or block a committed trade.
      }
    }
  }

  /** Applies a command and commits its events before returning; engine refusals throw `OtsError`. */
  private apply(command: EngineCommand): Order | undefined {
    const result = this.engine.apply(command, this.nowUs());
    this.flush();
    if (!result.ok) throw new OtsError(result.code, result.message);
    return result.order;
  }

  async placeOrder(account: string, request: PlaceOrderRequest): Promise<Order> {
    // Checked against the store, which holds every order ever placed (the engine forgets old ones).
    // Check, apply and commit run without an await between them, so two requests with the same
    // client_oid can never both pass.
    if (this.store.orderByClientOid(account, request.client_oid)) {
      throw new OtsError(
        'client_oid-already-existed',
        `${account} already has an order with client_oid ${request.client_oid}; use a new client_oid for a new order`,
      );
    }
    const order = this.apply({ kind: 'place', account, ...request });
    if (!order) throw new OtsError('unexpected-error', 'the engine placed an order but returned none');
    return order;
  }

  async cancelOrder(account: string, exchange_oid: string): Promise<Order> {
    const order = this.apply({ kind: 'cancel', account, exchange_oid });
    if (!order) throw new OtsError('unexpected-error', 'the engine cancelled an order but returned none');
    return order;
  }

  async amendOrder(
    account: string,
    exchange_oid: string,
    change: { price?: number; amount?: number },
  ): Promise<Order> {
    const order = this.apply({ kind: 'amend', account, exchange_oid, ...change });
    if (!order) throw new OtsError('unexpected-error', 'the engine amended an order but returned none');
    return order;
  }

  /** Credits an account (the admin API's deposit). */
  deposit(account: string, currency: string, amount: number): void {
    this.apply({ kind: 'deposit', account, currency, amount });
  }

  async orders(account: string, query: OrderQuery): Promise<Order[]> {
    return this.store.orders(account, {
      statuses: query.statuses as Order['status'][] | undefined,
      contract: query.contract,
      clientOids: query.client_oids,
      exchangeOids: query.exchange_oids,
      limit: query.limit,
      before: query.before,
    });
  }

  async fills(
    account: string,
    query: { contract?: string; limit?: number; before?: string },
  ): Promise<DealtTrans[]> {
    return this.store.fills(account, query);
  }

  async info(account: string): Promise<InfoData> {
    return this.engine.info(account);
  }

  /**
   * The reference price of the risk price band: the last trade, or before the first one the middle
   * of the best bid and ask; undefined when the book is empty too.
   */
  lastPrice(contract: string): number | undefined {
    const last = this.engine.lastPrice(contract);
    if (last !== null) return last;
    const { bids, asks } = this.engine.depth(contract, 1);
    if (bids.length > 0 && asks.length > 0) return (bids[0].price + asks[0].price) / 2;
    return bids[0]?.price ?? asks[0]?.price;
  }
}

/**
 * The sim venue's engine and its trading, restored from the store (the engine's documented restore
 * contract: the last snapshot plus every event journaled since), then compacted to a fresh snapshot.
 * `extraSink` hears every engine event too (public trades included), for the market data side.
 */
export function openSimTrading(
  store: TradeStore,
  config: EngineConfig,
  options: SimTradingOptions & { extraSink?: (event: EngineEvent) => void } = {},
): { engine: Engine; trading: SimTrading } {
  let trading: SimTrading | undefined;
  const extra = options.extraSink;
  const engine = Engine.restore(config, store.snapshot(), store.journal(), (event) => {
    trading?.onEngineEvent(event);
    extra?.(event);
  });
  trading = new SimTrading(engine, store, options);
  store.compact(engine.snapshot());
  return { engine, trading };
}
