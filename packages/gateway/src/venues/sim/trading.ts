/**
 * Trading on the sim venue: the engine does the matching, the trade store keeps what it did.
 *
 * Every engine event reaches `onEngineEvent` (the engine's sink) and waits in `pending`. A flush
 * hands all pending events to the trade store as ONE SQLite transaction (group commit): it runs once
 * the current turn of the event loop has handled every request that arrived together
 * (`setImmediate`), and only once the store has committed them are those requests answered and the
 * account websocket told. So a request's effects are on disk before its reply, whole (a transaction
 * holds whole commands), and a burst of concurrent requests costs one commit instead of one each.
 * With a commit thread (`trade.commitThread`, `store/commit-thread.ts`) the store writes them there
 * and the request thread goes on with the next requests meanwhile; without one it commits at once.
 * The synthetic market's steps (agents taking users' resting orders) are flushed the same way,
 * before anything about them is pushed.
 */
import { Engine, type EngineApi, type EngineCommand, type EngineConfig, type EngineEvent } from '@ots/engine';
import { type DealtTrans, type InfoData, type Order, OtsError } from '@ots/protocol';
import { type Deferred, deferred } from '../../deferred.js';
import type { TradeStore } from '../../trade/trade-store.js';
import type { OrderQuery, PlaceOrderRequest, VenueTrading } from '../venue.js';

export type CommittedListener = (events: readonly EngineEvent[]) => void;

export interface SimTradingOptions {
  /** Epoch microseconds; default a non-decreasing `Date.now() * 1000`. */
  nowUs?: () => number;
  /** Hears each commit: its duration and how many waiting requests it answered (for metrics). */
  onCommit?: (seconds: number, answered: number) => void;
}

/** The commit that the commands applied since the last flush wait for: one promise for all of them. */
interface NextCommit extends Deferred {
  /** Requests waiting for it (for the commit metrics). */
  waiting: number;
}

const nextCommit = (): NextCommit => ({ ...deferred(), waiting: 0 });

export class SimTrading implements VenueTrading {
  private pending: EngineEvent[] = [];
  private next: NextCommit | undefined;
  /** Settles once the last flushed batch is committed and answered; undefined when it is. */
  private lastCommit: Promise<void> | undefined;
  /** `account\0client_oid` of orders placed but not flushed yet (the store cannot see them yet). */
  private pendingClientOids = new Set<string>();
  /** The same for flushed batches not committed yet, oldest first. */
  private readonly committingClientOids: Set<string>[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<CommittedListener>();
  private readonly nowUs: () => number;
  private readonly onCommit: SimTradingOptions['onCommit'];

  constructor(
    private readonly engine: EngineApi,
    private readonly store: TradeStore,
    options: SimTradingOptions = {},
  ) {
    this.onCommit = options.onCommit;
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
    this.scheduleFlush();
  }

  /** Hears every batch of events after it is committed. Returns the unsubscribe function. */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once everything applied so far is committed. Every caller until the next flush shares
   * one promise: a burst of requests costs one promise, not one each.
   */
  committed(): Promise<void> {
    if (this.pending.length === 0 && this.next === undefined) return this.lastCommit ?? Promise.resolve();
    let next = this.next;
    if (next === undefined) {
      next = nextCommit();
      this.next = next;
      this.scheduleFlush();
    }
    next.waiting++;
    return next.promise;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Hands the pending events to the store as one transaction; once committed, answers the waiters
   * and tells the listeners (at once when the store commits on this thread).
   */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    const waiting = this.next;
    if (batch.length === 0) {
      this.next = undefined;
      // Nothing of its own to write: it waits for what was flushed before.
      if (waiting !== undefined) (this.lastCommit ?? Promise.resolve()).then(waiting.resolve, waiting.reject);
      return;
    }
    this.pending = [];
    this.next = undefined;
    const clientOids = this.pendingClientOids;
    this.pendingClientOids = new Set();
    this.committingClientOids.push(clientOids);
    const started = performance.now();
    const done = () => {
      this.committingClientOids.splice(this.committingClientOids.indexOf(clientOids), 1);
      this.onCommit?.((performance.now() - started) / 1000, waiting?.waiting ?? 0);
      waiting?.resolve();
      for (const listener of this.listeners) {
        try {
          listener(batch);
        } catch {
          // A failing push must not undo or block a committed trade.
        }
      }
    };
    const failed = (err: unknown) => {
      // The engine moved on but the disk did not: nothing of this batch may be acknowledged. The
      // store stops the process (a restart brings back the committed state).
      waiting?.reject(new OtsError('unexpected-error', `the trade store failed: ${(err as Error).message}`));
    };
    let committing: Promise<void> | undefined;
    try {
      committing = this.store.commitSoon(batch);
    } catch (err) {
      // Committed on this thread and failed: the error is rethrown (uncaught, it stops the process).
      failed(err);
      throw err;
    }
    if (committing === undefined) {
      done();
      return;
    }
    const answered = committing.then(done, failed);
    this.lastCommit = answered;
    void answered.then(() => {
      if (this.lastCommit === answered) this.lastCommit = undefined;
    });
  }

  /** Whether an order with this client_oid was placed but is not committed yet. */
  private placedUncommitted(key: string): boolean {
    if (this.pendingClientOids.has(key)) return true;
    for (const set of this.committingClientOids) if (set.has(key)) return true;
    return false;
  }

  /**
   * Applies a command now (synchronously) and returns the order it touched; engine refusals throw
   * `OtsError`. The order is read at once, so the answer is the command's own result; the caller
   * waits for `committed()` before answering with it.
   */
  private applyNow(command: EngineCommand): Order | undefined {
    const result = this.engine.apply(command, this.nowUs());
    if (!result.ok) throw new OtsError(result.code, result.message);
    return result.order;
  }

  /**
   * Applies a command and resolves with its order once committed; a refusal rejects (never throws:
   * callers get a promise either way). `done` names what the command did, for the error that an
   * engine returning no order would be.
   */
  private apply(command: EngineCommand, done: string): Promise<Order> {
    let order: Order | undefined;
    try {
      order = this.applyNow(command);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.committed().then(() => orderOf(order, done));
  }

  placeOrder(account: string, request: PlaceOrderRequest): Promise<Order> {
    // Checked against the store (every order ever committed; the engine forgets old ones) and the
    // orders placed but not committed yet. Check and apply run with no await between them, so two
    // requests with the same client_oid can never both pass.
    let order: Order | undefined;
    try {
      const pendingKey = `${account}\0${request.client_oid}`;
      if (this.placedUncommitted(pendingKey) || this.store.hasClientOid(account, request.client_oid)) {
        throw new OtsError(
          'client_oid-already-existed',
          `${account} already has an order with client_oid ${request.client_oid}; use a new client_oid for a new order`,
        );
      }
      order = this.applyNow({ kind: 'place', account, ...request });
      this.pendingClientOids.add(pendingKey);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.committed().then(() => orderOf(order, 'placed'));
  }

  /** Whether the engine holds this order of the account (open, or finished and still retained). */
  holdsOrder(account: string, exchange_oid: string): boolean {
    return this.engine.getOrder(account, exchange_oid) !== undefined;
  }

  cancelOrder(account: string, exchange_oid: string): Promise<Order> {
    return this.apply({ kind: 'cancel', account, exchange_oid }, 'cancelled');
  }

  amendOrder(
    account: string,
    exchange_oid: string,
    change: { price?: number; amount?: number },
  ): Promise<Order> {
    return this.apply({ kind: 'amend', account, exchange_oid, ...change }, 'amended');
  }

  /**
   * Credits an account (the admin API's deposit), committed before it returns: the admin API stays
   * synchronous, and whatever else was pending is committed with it (and answered).
   */
  deposit(account: string, currency: string, amount: number): void {
    this.applyNow({ kind: 'deposit', account, currency, amount });
    // It waits like any command (and counts as one answered by the commit), but the commit is now:
    // the batch is handed over, then the store writes everything handed over before it returns.
    const committed = this.committed();
    this.flush();
    this.store.commit([]);
    void committed;
  }

  async orders(account: string, query: OrderQuery): Promise<Order[]> {
    // Orders applied but not committed yet are invisible to the store: make sure they are written
    // first, so a lookup right after a concurrent place or cancel sees it.
    if (this.pending.length > 0 || this.lastCommit !== undefined) await this.committed();
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

/** The order a command touched, once committed; an engine that returned none is a bug, not a refusal. */
function orderOf(order: Order | undefined, done: string): Order {
  if (!order) throw new OtsError('unexpected-error', `the engine ${done} an order but returned none`);
  return order;
}

/**
 * The sim venue's engine and its trading, restored from the store (the engine's restore contract
 * with the store's folded journal). `extraSink` hears every engine event too (public trades
 * included). The gateway wires the same parts through `trade/index.ts`; tests use this directly.
 */
export function openSimTrading(
  store: TradeStore,
  config: EngineConfig,
  options: SimTradingOptions & { extraSink?: (event: EngineEvent) => void } = {},
): { engine: Engine; trading: SimTrading } {
  let trading: SimTrading | undefined;
  const extra = options.extraSink;
  const engine = Engine.restore(config, store.restorePoint(), store.journal(), (event) => {
    trading?.onEngineEvent(event);
    extra?.(event);
  });
  trading = new SimTrading(engine, store, options);
  return { engine, trading };
}
