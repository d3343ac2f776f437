/**
 * The matching engine: one price-time priority book per contract, the ledger behind it, and the
 * events that tell the gateway what happened. Synchronous and deterministic: the same commands with
 * the same times give the same events.
 *
 * Rules (docs/engine.md has the long form):
 * - Self-trade prevention, "cancel the newest": when the next order an incoming order would fill
 *   against belongs to its own account, matching stops and the incoming order's rest is cancelled
 *   (`withdrawn` / `part-deal-withdrawn`); the resting order keeps its place.
 * - Fees: maker or taker rate of the contract, charged in the currency received (base for a buy,
 *   quote for a sell), rounded up to that currency's unit.
 * - A buy freezes price x amount of quote at its own limit price (a market buy at its worst price);
 *   a fill at a better price gives the difference back at once. A sell freezes its base amount.
 */
import { type DealtTrans, type InfoData, type Order, OtsError, type Side } from '@ots/protocol';
import type {
  CommandResult,
  Depth,
  EngineApi,
  EngineCommand,
  EngineConfig,
  EngineContract,
  EngineSnapshot,
  EventSink,
  OrderFilter,
  OrderRecord,
  OrderType,
  TradeStats,
} from './api.js';
import { type BookSide, newOrderNode, type OrderNode } from './book.js';
import { decimalText } from './decimal-text.js';
import {
  BalanceEvent,
  CommandEvent,
  exchangeOid,
  FillEvent,
  OrderEvent,
  orderWire,
  recordOf,
  TradeEvent,
} from './events.js';
import { FinishedLog, type RetainedOrder } from './finished-ring.js';
import { buildInfo } from './info.js';
import { type Account, Ledger } from './ledger.js';
import { buildMarkets, type Market, type MarketTable } from './market.js';
import {
  F_COMMISSION_UNITS,
  F_DEALT_LOTS,
  F_DEALT_QUOTE_UNITS,
  F_FROZEN_UNITS,
  F_LAST_DEALT_LOTS,
  F_LAST_UPDATE_US,
  F_LOTS,
  F_PRICE_TICKS,
  F_PRIORITY,
  F_VERSION,
} from './order-columns.js';
import { OrderIndex } from './order-index.js';
import { type JournalEntry, loadJournal } from './restore.js';
import { feeUnits, numberToUnits, stepsOf, stepsToNumber, unitsToNumber } from './units.js';

/** Shared (frozen) empty objects, so orders without options or tags allocate none. */
const NO_OPTIONS: Record<string, unknown> = Object.freeze({});
const NO_TAGS: Record<string, unknown> = Object.freeze({});

const ORDER_TYPES: ReadonlySet<string> = new Set(['limit', 'market', 'ioc', 'fok', 'post_only']);

function fail(code: string, message: string): CommandResult {
  return { ok: false, code, message };
}

/** The success answer; `order` is built from the order's state at this moment when first read. */
class Accepted {
  declare readonly ok: true;
  declare private readonly event: OrderEvent | undefined;

  /** `event` is the order's latest event: its state at the end of the command. */
  constructor(event: OrderEvent | undefined) {
    this.event = event;
  }

  get exchange_oid(): string | undefined {
    const event = this.event;
    return event ? event.market.idPrefix + decimalText(event.id) : undefined;
  }

  get order(): Order | undefined {
    return this.event?.order;
  }

  toJSON(): { ok: true; exchange_oid?: string; order?: Order } {
    return this.event ? { ok: true, exchange_oid: this.exchange_oid, order: this.order } : { ok: true };
  }
}

Object.defineProperty(Accepted.prototype, 'ok', { value: true, enumerable: true });

/** Turns a failed result into the protocol's error (for callers that prefer throwing). */
export function resultError(result: CommandResult): OtsError | undefined {
  return result.ok ? undefined : new OtsError(result.code, result.message);
}

/** Agents' orders need no exchange_oid: they never appear to users. */
const AGENT_ORDER_ID = 0;

export class Engine implements EngineApi {
  private readonly config: EngineConfig;
  private readonly table: MarketTable;
  private readonly ledger: Ledger;
  private readonly sink: EventSink;
  private readonly retain: number;
  private readonly valuation: string;
  private readonly cnyRate: number;
  private seq = 0;
  private nextOrderId = 1;
  /** Trade ids are given only to trades with a user on one side (the ones a fill shows). */
  private nextTradeId = 1;
  private nextPriority = 1;
  private readonly userOrders = new OrderIndex();
  /** Users' retained finished orders' final states (their accounts know which). */
  private readonly finishedLog = new FinishedLog();
  private lastOrderEvent: OrderEvent | null = null;
  /** Balances changed by the current command, emitted together at its end. */
  private readonly touchedAccounts: Account[] = [];
  private readonly touchedCurrencies: number[] = [];
  private touchedCount = 0;
  private readonly releasing: (OrderNode | undefined)[] = [];
  private releasingCount = 0;
  /** Objects of finished user orders, reused for new ones (`newUserOrder`). */
  private readonly spareNodes: OrderNode[] = [];
  private stamp = 1;

  constructor(config: EngineConfig, sink: EventSink) {
    this.config = config;
    this.table = buildMarkets(config.contracts, config.minCurrencyDecimals);
    this.ledger = new Ledger(this.table.currencies.length);
    this.sink = sink;
    this.retain = Math.max(1, config.retainPerAccount ?? 100);
    this.valuation = config.valuationCurrency ?? 'usdt';
    this.cnyRate = config.cnyRate ?? 1;
  }

  // ---------------------------------------------------------------- user commands

  apply(command: EngineCommand, nowUs: number): CommandResult {
    let result: CommandResult;
    switch (command.kind) {
      case 'place':
        result = this.place(command, nowUs);
        break;
      case 'cancel':
        result = this.cancel(command, nowUs);
        break;
      case 'amend':
        result = this.amend(command, nowUs);
        break;
      case 'deposit':
        result = this.deposit(command, nowUs);
        break;
      default:
        return fail(
          'invalid-param',
          `unknown command kind ${JSON.stringify((command as { kind: unknown }).kind)}`,
        );
    }
    this.flushBalances();
    return result;
  }

  private place(c: Extract<EngineCommand, { kind: 'place' }>, nowUs: number): CommandResult {
    const m = this.table.bySymbol.get(c.contract);
    if (m === undefined) return fail('contract-not-exist', `no contract ${c.contract} on this engine`);
    if (c.bs !== 'b' && c.bs !== 's')
      return fail('invalid-param', `bs must be "b" or "s", got ${JSON.stringify(c.bs)}`);
    if (typeof c.client_oid !== 'string' || c.client_oid === '') {
      return fail('invalid-param', 'client_oid must be a non-empty string');
    }
    const options = c.options ?? NO_OPTIONS;
    const type = options.type ?? 'limit';
    if (typeof type !== 'string' || !ORDER_TYPES.has(type)) {
      return fail(
        'invalid-param',
        `options.type must be one of limit, market, ioc, fok, post_only; got ${JSON.stringify(type)}`,
      );
    }
    const ticks = stepsOf(c.price, m.tick);
    if (ticks <= 0) {
      return fail(
        'exg-place-order-error-price',
        `price ${c.price} must be a positive multiple of min_change ${m.spec.min_change}`,
      );
    }
    const lots = this.checkLots(m, c.amount);
    if (typeof lots === 'object') return lots;
    const notional = ticks * lots * m.quotePerTickLot;
    if (!Number.isSafeInteger(notional)) {
      return fail('exg-place-order-error-amount', `price ${c.price} x amount ${c.amount} is too large`);
    }
    if (notional < m.minNotionalUnits) {
      return fail(
        'exg-place-order-min-notional',
        `price x amount ${unitsToNumber(notional, m.quote.decimals)} is below min_notional ${m.spec.min_notional}`,
      );
    }
    const account = this.ledger.account(c.account);
    if (account?.isAgent) return fail('account-not-exist', `${c.account} is a synthetic market agent`);
    const isBuy = c.bs === 'b';
    const freeze = isBuy ? notional : lots * m.basePerLot;
    const currency = isBuy ? m.quote : m.base;
    if (account === undefined || account.available[currency.index] < freeze) {
      const have = account ? account.available[currency.index] : 0;
      return fail(
        'exg-place-order-no-money',
        `needs ${unitsToNumber(freeze, currency.decimals)} ${currency.name} available, has ${unitsToNumber(have, currency.decimals)}`,
      );
    }
    if (type === 'post_only' && this.wouldTake(m, c.bs, ticks)) {
      return fail(
        'error-order',
        `post_only ${c.bs === 'b' ? 'buy' : 'sell'} at ${c.price} would take liquidity`,
      );
    }

    this.sink(new CommandEvent(++this.seq, nowUs, c));
    const node = this.newUserOrder(
      this.nextOrderId++,
      account,
      m,
      c.bs,
      type as OrderType,
      c.client_oid,
      ticks,
      lots,
      nowUs,
      options,
      c.tags ?? NO_TAGS,
    );
    // The queue place is fixed on entry, so every event of the order already carries it.
    const data = node.cols.data;
    data[node.slot + F_PRIORITY] = this.nextPriority++;
    account.available[currency.index] -= freeze;
    account.frozen[currency.index] += freeze;
    data[node.slot + F_FROZEN_UNITS] = freeze;
    this.userOrders.set(node);
    account.addOpen(node);
    this.emitBalance(account, currency.index);
    this.execute(node, nowUs);
    return this.accepted(node);
  }

  private cancel(c: Extract<EngineCommand, { kind: 'cancel' }>, nowUs: number): CommandResult {
    const node = this.lookup(c.account, c.exchange_oid);
    if (node === undefined) return this.notOpen(c.account, c.exchange_oid);
    this.sink(new CommandEvent(++this.seq, nowUs, c));
    if (node.level !== null) this.sideOf(node).remove(node);
    this.cancelRest(node, nowUs);
    return this.accepted(node);
  }

  private amend(c: Extract<EngineCommand, { kind: 'amend' }>, nowUs: number): CommandResult {
    const node = this.lookup(c.account, c.exchange_oid);
    if (node === undefined) return this.notOpen(c.account, c.exchange_oid);
    if (c.price === undefined && c.amount === undefined) {
      return fail('invalid-param', 'amend needs a new price, a new amount, or both');
    }
    const m = node.market;
    const ticks = c.price === undefined ? node.priceTicks : stepsOf(c.price, m.tick);
    if (ticks <= 0) {
      return fail(
        'exg-place-order-error-price',
        `price ${c.price} must be a positive multiple of min_change ${m.spec.min_change}`,
      );
    }
    const lotsOrError = c.amount === undefined ? node.lots : this.checkLots(m, c.amount);
    if (typeof lotsOrError === 'object') return lotsOrError;
    const lots = lotsOrError;
    if (lots < node.dealtLots) {
      return fail(
        'exg-place-order-error-amount',
        `amount ${c.amount} is below the dealt amount ${stepsToNumber(node.dealtLots, m.lot)}`,
      );
    }
    if (ticks === node.priceTicks && lots === node.lots) {
      return fail('invalid-param', 'the amendment changes neither price nor amount');
    }
    const notional = ticks * lots * m.quotePerTickLot;
    if (!Number.isSafeInteger(notional))
      return fail('exg-place-order-error-amount', 'price x amount is too large');
    if (notional < m.minNotionalUnits) {
      return fail(
        'exg-place-order-min-notional',
        `price x amount is below min_notional ${m.spec.min_notional}`,
      );
    }
    const isBuy = node.bs === 'b';
    const currency = isBuy ? m.quote : m.base;
    const open = lots - node.dealtLots;
    const frozen = isBuy ? ticks * open * m.quotePerTickLot : open * m.basePerLot;
    const extra = frozen - node.frozenUnits;
    const account = node.account;
    if (extra > account.available[currency.index]) {
      return fail(
        'exg-place-order-no-money',
        `the amendment needs ${unitsToNumber(extra, currency.decimals)} more ${currency.name} available`,
      );
    }
    const reprices = ticks !== node.priceTicks;
    if (node.type === 'post_only' && reprices && this.wouldTake(m, node.bs, ticks)) {
      return fail('error-order', `post_only order repriced to ${c.price} would take liquidity`);
    }

    this.sink(new CommandEvent(++this.seq, nowUs, c));
    // A new price or a larger amount goes to the back of the queue; a smaller amount keeps its place.
    const losesPriority = reprices || lots > node.lots;
    const side = this.sideOf(node);
    if (node.level !== null) {
      if (losesPriority || open === 0) side.remove(node);
      else side.shrink(node, node.lots - lots);
    }
    if (extra !== 0) {
      account.available[currency.index] -= extra;
      account.frozen[currency.index] += extra;
      node.frozenUnits = frozen;
    }
    if (losesPriority) node.priority = this.nextPriority++;
    node.priceTicks = ticks;
    node.lots = lots;
    node.lastDealtLots = 0;
    node.lastUpdateUs = nowUs;
    node.version++;
    if (open === 0) {
      node.status = 'dealt';
      node.closed = true;
      this.finished(node);
    }
    this.emitOrder(node);
    if (extra !== 0) this.emitBalance(account, currency.index);
    if (open !== 0 && losesPriority) this.execute(node, nowUs);
    return this.accepted(node);
  }

  private deposit(c: Extract<EngineCommand, { kind: 'deposit' }>, nowUs: number): CommandResult {
    const currency = this.table.currencyByName.get(c.currency);
    if (currency === undefined) {
      const known = this.table.currencies.map((x) => x.name).join(', ');
      return fail(
        'invalid-param',
        `unknown currency ${JSON.stringify(c.currency)}; this engine has ${known}`,
      );
    }
    const units = numberToUnits(c.amount, currency.decimals);
    if (units <= 0 || !Number.isSafeInteger(units)) {
      return fail(
        'invalid-param',
        `deposit amount ${c.amount} must be positive with at most ${currency.decimals} decimals`,
      );
    }
    const existing = this.ledger.account(c.account);
    if (existing?.isAgent) return fail('account-not-exist', `${c.account} is a synthetic market agent`);
    this.sink(new CommandEvent(++this.seq, nowUs, c));
    const account = this.ledger.open(c.account, false);
    this.ledger.deposit(account, currency.index, units);
    this.emitBalance(account, currency.index);
    return new Accepted(undefined);
  }

  private checkLots(m: Market, amount: number): number | CommandResult {
    const lots = stepsOf(amount, m.lot);
    if (lots <= 0) {
      return fail(
        'exg-place-order-error-amount',
        `amount ${amount} must be a positive multiple of unit_amount ${m.spec.unit_amount}`,
      );
    }
    if (lots < m.minLots) {
      return fail(
        'exg-place-order-error-amount',
        `amount ${amount} is below min_amount ${m.spec.min_amount}`,
      );
    }
    return lots;
  }

  /**
   * The user's open order named by `{contract}-{id}`, parsing the id without building substrings.
   * Finished orders are not in the index (see `finishedOrder`).
   */
  private lookup(account: string, exchange_oid: string): OrderNode | undefined {
    if (typeof exchange_oid !== 'string') return undefined;
    const dash = dashOfOrderNumber(exchange_oid);
    if (dash < 0) return undefined;
    const node = this.userOrders.get(orderNumberAfter(exchange_oid, dash));
    if (node === undefined || node.account.name !== account) return undefined;
    const symbol = node.market.symbol;
    if (symbol.length !== dash || !exchange_oid.startsWith(symbol)) return undefined;
    return node;
  }

  /** The user's retained finished order named by `{contract}-{id}`, if any. */
  private finishedOrder(account: string, exchange_oid: string): RetainedOrder | undefined {
    // A third of the bench's cancels name an order the engine has forgotten: no substrings here.
    if (typeof exchange_oid !== 'string') return undefined;
    const dash = dashOfOrderNumber(exchange_oid);
    if (dash < 0) return undefined;
    const id = orderNumberAfter(exchange_oid, dash);
    // Most such ids are of orders forgotten long ago: the log's bucket count says so first.
    if (!this.finishedLog.mayHold(id)) return undefined;
    const a = this.userAccount(account);
    if (a === undefined) return undefined;
    for (const m of this.table.markets)
      if (m.symbol.length === dash && exchange_oid.startsWith(m.symbol))
        return a.finishedOrder(id, m, this.finishedLog);
    return undefined;
  }

  /** The answer to a cancel or amend of an order that is not open. */
  private notOpen(account: string, exchange_oid: string): CommandResult {
    const finished = this.finishedOrder(account, exchange_oid);
    if (finished === undefined)
      return fail('exchange_oid-not-found', `no order ${exchange_oid} on ${account}`);
    return fail('exg-cancel-order-not-exist', `order ${exchange_oid} is already ${finished.record.status}`);
  }

  // ---------------------------------------------------------------- matching

  private sideOf(node: OrderNode): BookSide {
    return node.bs === 'b' ? node.market.bids : node.market.asks;
  }

  /** Whether an order at `ticks` would meet the opposite side at once. */
  private wouldTake(m: Market, bs: Side, ticks: number): boolean {
    const best = (bs === 'b' ? m.asks : m.bids).best();
    return best !== undefined && (bs === 'b' ? best.ticks <= ticks : best.ticks >= ticks);
  }

  /** Lots available to `node` at its price before its own account's first order (FOK's check). */
  private fillable(node: OrderNode, needed: number): number {
    const side = node.bs === 'b' ? node.market.asks : node.market.bids;
    const isBuy = node.bs === 'b';
    let total = 0;
    for (const level of side.levelsFromBest()) {
      if (isBuy ? level.ticks > node.priceTicks : level.ticks < node.priceTicks) break;
      for (let o = level.head; o !== null; o = o.next) {
        if (o.account === node.account) return total;
        total += o.openLots;
        if (total >= needed) return total;
      }
    }
    return total;
  }

  /** Matches an incoming order, then rests it (limit, post_only) or cancels its rest. */
  private execute(node: OrderNode, nowUs: number): void {
    if (node.type === 'fok' && this.fillable(node, node.openLots) < node.openLots) {
      this.cancelRest(node, nowUs);
      return;
    }
    const selfTrade = this.match(node, nowUs);
    // Numbers read and written in place (not through the order's accessors): in a function this
    // large the accessors are not inlined, and each call boxes its number.
    const data = node.cols.data;
    const at = node.slot;
    if (data[at + F_LOTS] === data[at + F_DEALT_LOTS]) return;
    if (!selfTrade && (node.type === 'limit' || node.type === 'post_only')) {
      this.sideOf(node).add(node);
      if (node.status === 'waiting') {
        node.status = 'pending';
        data[at + F_VERSION]++;
        this.emitOrder(node);
      }
      return;
    }
    this.cancelRest(node, nowUs);
  }

  /** Fills `taker` against the opposite side; true when stopped by its own account's order. */
  private match(taker: OrderNode, nowUs: number): boolean {
    const m = taker.market;
    const isBuy = taker.bs === 'b';
    const side = isBuy ? m.asks : m.bids;
    // Taker and makers share their market's columns, and nothing here allocates an order.
    const data = m.columns.data;
    const t = taker.slot;
    const limit = data[t + F_PRICE_TICKS];
    while (data[t + F_DEALT_LOTS] < data[t + F_LOTS]) {
      const level = side.best();
      if (level === undefined) return false;
      if (isBuy ? level.ticks > limit : level.ticks < limit) return false;
      const maker = level.head!;
      if (maker.account === taker.account) return true;
      const k = maker.slot;
      const lots = Math.min(
        data[t + F_LOTS] - data[t + F_DEALT_LOTS],
        data[k + F_LOTS] - data[k + F_DEALT_LOTS],
      );
      this.fill(taker, maker, side, lots, nowUs);
    }
    return false;
  }

  private fill(taker: OrderNode, maker: OrderNode, makerSide: BookSide, lots: number, nowUs: number): void {
    const m = taker.market;
    const data = m.columns.data;
    const ticks = data[maker.slot + F_PRICE_TICKS];
    const cost = ticks * lots * m.quotePerTickLot;
    const baseUnits = lots * m.basePerLot;
    const takerBuys = taker.bs === 'b';
    const buyer = takerBuys ? taker : maker;
    const seller = takerBuys ? maker : taker;
    const buyerFee = feeUnits(baseUnits, takerBuys ? m.takerFeeE7 : m.makerFeeE7);
    const sellerFee = feeUnits(cost, takerBuys ? m.makerFeeE7 : m.takerFeeE7);
    const q = m.quote.index;
    const b = m.base.index;
    const fees = this.ledger.fees;

    const buyerAccount = buyer.account;
    const bs = buyer.slot;
    const release = data[bs + F_PRICE_TICKS] * lots * m.quotePerTickLot;
    buyerAccount.frozen[q] -= release;
    data[bs + F_FROZEN_UNITS] -= release;
    buyerAccount.available[q] += release - cost;
    buyerAccount.available[b] += baseUnits - buyerFee;
    data[bs + F_COMMISSION_UNITS] += buyerFee;
    fees[b] += buyerFee;

    const sellerAccount = seller.account;
    const ss = seller.slot;
    sellerAccount.frozen[b] -= baseUnits;
    data[ss + F_FROZEN_UNITS] -= baseUnits;
    sellerAccount.available[q] += cost - sellerFee;
    data[ss + F_COMMISSION_UNITS] += sellerFee;
    fees[q] += sellerFee;

    makerSide.shrink(maker, lots);
    this.dealt(maker, lots, cost, nowUs);
    if (data[maker.slot + F_DEALT_LOTS] === data[maker.slot + F_LOTS]) makerSide.remove(maker);
    this.dealt(taker, lots, cost, nowUs);

    m.lastTicks = ticks;
    m.statLots += lots;
    m.statQuoteUnits += cost;
    this.sink(new TradeEvent(m, ticks, lots, taker.bs, nowUs));
    const makerIsUser = !maker.account.isAgent;
    const takerIsUser = !taker.account.isAgent;
    if (!makerIsUser && !takerIsUser) return;
    const tradeId = this.nextTradeId++;
    if (makerIsUser) {
      this.recordFill(maker, tradeId, ticks, true, maker === buyer ? buyerFee : sellerFee);
      this.emitBalance(maker.account, q);
      this.emitBalance(maker.account, b);
    }
    if (takerIsUser) {
      this.recordFill(taker, tradeId, ticks, false, taker === buyer ? buyerFee : sellerFee);
      this.emitBalance(taker.account, q);
      this.emitBalance(taker.account, b);
    }
  }

  private dealt(node: OrderNode, lots: number, cost: number, nowUs: number): void {
    const data = node.cols.data;
    const at = node.slot;
    const dealtLots = data[at + F_DEALT_LOTS] + lots;
    data[at + F_DEALT_LOTS] = dealtLots;
    data[at + F_LAST_DEALT_LOTS] = lots;
    data[at + F_DEALT_QUOTE_UNITS] += cost;
    data[at + F_LAST_UPDATE_US] = nowUs;
    data[at + F_VERSION]++;
    if (dealtLots === data[at + F_LOTS]) {
      node.status = 'dealt';
      node.closed = true;
      this.finished(node);
    } else {
      node.status = 'part-deal-pending';
    }
  }

  /**
   * An order reached a final status. A user's order leaves its account's open list now; at the end
   * of the operation (`releaseFinished`) its final state is copied into the account's retained
   * finished orders and its object is free for the next new order. Nothing reads a finished
   * agent order after the operation either (its handle only learns that it no longer rests).
   */
  private finished(node: OrderNode): void {
    const account = node.account;
    if (!account.isAgent) account.removeOpen(node);
    this.releasing[this.releasingCount++] = node;
  }

  /** A user order's fill: its order event (the fill's lots and time are that event's), then the fill. */
  private recordFill(
    node: OrderNode,
    tradeId: number,
    ticks: number,
    maker: boolean,
    commission: number,
  ): void {
    const fill = new FillEvent(this.emitOrder(node)!, tradeId, ticks, maker, commission);
    node.account.retainFill(fill, this.retain);
    this.sink(fill);
  }

  /** Ends an order that is out of the book: releases what it still holds. */
  private cancelRest(node: OrderNode, nowUs: number): void {
    const m = node.market;
    const currency = node.bs === 'b' ? m.quote.index : m.base.index;
    const account = node.account;
    const data = node.cols.data;
    const at = node.slot;
    const held = data[at + F_FROZEN_UNITS];
    account.frozen[currency] -= held;
    account.available[currency] += held;
    data[at + F_FROZEN_UNITS] = 0;
    node.status = data[at + F_DEALT_LOTS] > 0 ? 'part-deal-withdrawn' : 'withdrawn';
    node.closed = true;
    data[at + F_LAST_UPDATE_US] = nowUs;
    data[at + F_LAST_DEALT_LOTS] = 0;
    data[at + F_VERSION]++;
    this.finished(node);
    this.emitOrder(node);
    if (held !== 0) this.emitBalance(account, currency);
  }

  /** Emits the user order's change (none for an agent's order) and returns its event. */
  private emitOrder(node: OrderNode): OrderEvent | undefined {
    if (node.account.isAgent) return undefined;
    const event = new OrderEvent(node);
    this.lastOrderEvent = event;
    this.sink(event);
    return event;
  }

  /** The answer to a command on `node`: its last event already holds its final state. */
  private accepted(node: OrderNode): CommandResult {
    const last = this.lastOrderEvent;
    return new Accepted(
      last !== null && last.id === node.id && last.market === node.market ? last : new OrderEvent(node),
    );
  }

  /**
   * A user order, in the object of a finished one when there is one. Safe because nothing keeps a
   * finished user order: events copy what they need, results hold events, retained finished orders
   * are copies (`FinishedRing`), and only agents get order handles (agent orders are never
   * reused, so a stale handle can never reach a new order).
   */
  private newUserOrder(
    id: number,
    account: Account,
    m: Market,
    bs: Side,
    type: OrderType,
    client_oid: string,
    ticks: number,
    lots: number,
    nowUs: number,
    options: Record<string, unknown>,
    tags: Record<string, unknown>,
  ): OrderNode {
    const spare = this.spareNodes.pop();
    if (spare === undefined) {
      return newOrderNode(id, account, m, bs, type, client_oid, ticks, lots, nowUs, options, tags);
    }
    spare.init(id, account, m, bs, type, client_oid, ticks, lots, nowUs, options, tags);
    return spare;
  }

  /**
   * Notes that a user's balance changed. One `balance` event per account and currency goes out at
   * the end of the command (or agent action), with the final figures: a taker that fills against
   * ten orders reports its two balances once, not twenty times.
   */
  private emitBalance(account: Account, currency: number): void {
    if (account.isAgent || account.touched[currency] === this.stamp) return;
    account.touched[currency] = this.stamp;
    // Slots are reused from command to command (truncating arrays is a slow runtime call).
    this.touchedAccounts[this.touchedCount] = account;
    this.touchedCurrencies[this.touchedCount++] = currency;
  }

  /** Ends a command or agent action: reports the balances it changed, frees what it finished. */
  private flushBalances(): void {
    const accounts = this.touchedAccounts;
    const count = this.touchedCount;
    if (count !== 0) {
      const currencies = this.table.currencies;
      for (let i = 0; i < count; i++) {
        const account = accounts[i];
        const c = this.touchedCurrencies[i];
        this.sink(new BalanceEvent(account.name, currencies[c], account.available[c], account.frozen[c]));
      }
      this.touchedCount = 0;
    }
    this.stamp++;
    this.releaseFinished();
  }

  /**
   * Orders finished during the operation give their object and number slot back only now, when no
   * code of the operation can read them any more; a user's order first leaves a copy of its final
   * state with its account (`FinishedRing`) and leaves the index. Its object and slot, just
   * touched, are the next new order's (`newUserOrder`, and the slots' free list is last in, first
   * out). A released order has no slot, which is how the order index knows that an object it still
   * points at is no longer that order.
   */
  private releaseFinished(): void {
    const released = this.releasingCount;
    if (released !== 0) {
      // Slots are reused like the touched balances' (truncating the array is a runtime call).
      const releasing = this.releasing;
      for (let i = 0; i < released; i++) {
        const node = releasing[i]!;
        releasing[i] = undefined;
        const account = node.account;
        if (!account.isAgent) {
          account.retainFinished(node, this.retain, this.finishedLog);
          this.userOrders.delete(node.id);
          node.release();
          this.spareNodes.push(node);
        } else node.release();
      }
      this.releasingCount = 0;
    }
  }

  // ---------------------------------------------------------------- synthetic agents (not journaled)

  /**
   * An account for a synthetic market agent. Agents trade through the same books and ledger as
   * users, but nothing about them is journaled or shown to users: no `command`, `order` or
   * `balance` events, only public `trade`s (and the user's side when they trade with a user).
   */
  agentAccount(name: string): Account {
    const existing = this.ledger.account(name);
    if (existing !== undefined && !existing.isAgent) {
      throw new OtsError('invalid-param', `${name} is a user account, not an agent`);
    }
    return this.ledger.open(name, true);
  }

  /** Funds an agent: any positive amount, rounded up to the currency's unit (and counted as deposited). */
  agentDeposit(agent: Account, currency: string, amount: number): void {
    const c = this.table.currencyByName.get(currency);
    if (c === undefined) throw new OtsError('invalid-param', `unknown currency ${currency}`);
    const exact = numberToUnits(amount, c.decimals);
    const units = exact > 0 ? exact : Math.ceil(amount * 10 ** c.decimals);
    if (!(units > 0) || !Number.isSafeInteger(units)) {
      throw new OtsError('invalid-param', `deposit ${amount} ${currency} is not a positive amount`);
    }
    this.ledger.deposit(agent, c.index, units);
  }

  /**
   * The agents' fast path, in ticks and lots: places a limit order (resting) or an IOC order.
   * Returns the resting order (a handle for `agentCancel`), or null when it did not rest (filled,
   * cancelled, or not enough funds: agents do not get errors).
   */
  agentPlace(
    agent: Account,
    market: Market,
    bs: Side,
    ticks: number,
    lots: number,
    ioc: boolean,
    nowUs: number,
  ): OrderNode | null {
    if (ticks <= 0 || lots <= 0) return null;
    const isBuy = bs === 'b';
    const freeze = isBuy ? ticks * lots * market.quotePerTickLot : lots * market.basePerLot;
    const currency = isBuy ? market.quote.index : market.base.index;
    if (agent.available[currency] < freeze) return null;
    const node = newOrderNode(
      AGENT_ORDER_ID,
      agent,
      market,
      bs,
      ioc ? 'ioc' : 'limit',
      '',
      ticks,
      lots,
      nowUs,
      {},
      {},
    );
    node.priority = this.nextPriority++;
    agent.available[currency] -= freeze;
    agent.frozen[currency] += freeze;
    node.frozenUnits = freeze;
    this.execute(node, nowUs);
    this.flushBalances();
    return node.level === null ? null : node;
  }

  /** Cancels an agent's resting order; false when it is no longer resting. */
  agentCancel(node: OrderNode, nowUs: number): boolean {
    if (node.level === null) return false;
    this.sideOf(node).remove(node);
    this.cancelRest(node, nowUs);
    this.flushBalances();
    return true;
  }

  /** The engine's market for a contract symbol (for the synthetic market). */
  market(contract: string): Market {
    const m = this.table.bySymbol.get(contract);
    if (m === undefined) throw new OtsError('contract-not-exist', `no contract ${contract} on this engine`);
    return m;
  }

  // ---------------------------------------------------------------- reads

  contracts(): readonly EngineContract[] {
    return this.config.contracts;
  }

  depth(contract: string, levels: number): Depth {
    const m = this.market(contract);
    const side = (s: BookSide) => {
      const out: { price: number; volume: number }[] = [];
      for (const level of s.levelsFromBest()) {
        if (out.length >= levels) break;
        out.push({ price: stepsToNumber(level.ticks, m.tick), volume: stepsToNumber(level.lots, m.lot) });
      }
      return out;
    };
    return { bids: side(m.bids), asks: side(m.asks) };
  }

  lastPrice(contract: string): number | null {
    const m = this.market(contract);
    return m.lastTicks > 0 ? stepsToNumber(m.lastTicks, m.tick) : null;
  }

  takeTradeStats(contract: string): TradeStats {
    const m = this.market(contract);
    const stats = {
      volume: stepsToNumber(m.statLots, m.lot),
      turnover: unitsToNumber(m.statQuoteUnits, m.quote.decimals),
    };
    m.statLots = 0;
    m.statQuoteUnits = 0;
    return stats;
  }

  getOrder(account: string, exchange_oid: string): Order | undefined {
    const node = this.lookup(account, exchange_oid);
    if (node !== undefined) return orderWire(recordOf(node), node.market);
    const finished = this.finishedOrder(account, exchange_oid);
    return finished ? orderWire(finished.record, finished.market) : undefined;
  }

  /**
   * The newest retained order of the account with this client_oid. A scan: the engine keeps no
   * client_oid index, because it forgets finished orders and so could never promise uniqueness;
   * the gateway checks client_oid against its store, which holds every order.
   */
  findByClientOid(account: string, client_oid: string): Order | undefined {
    const orders = this.userAccount(account)?.retainedOrders(this.finishedLog) ?? [];
    for (let i = orders.length - 1; i >= 0; i--) {
      const { record, market } = orders[i];
      if (record.client_oid === client_oid) return orderWire(record, market);
    }
    return undefined;
  }

  /** Retained orders of an account, oldest first. */
  orders(account: string, filter: OrderFilter = {}): Order[] {
    const a = this.userAccount(account);
    if (a === undefined) return [];
    const out: Order[] = [];
    for (const { record, market } of a.retainedOrders(this.finishedLog)) {
      if (filter.contract !== undefined && market.symbol !== filter.contract) continue;
      if (filter.statuses !== undefined && !filter.statuses.includes(record.status)) continue;
      out.push(orderWire(record, market));
    }
    return out;
  }

  /** Retained fills of an account, oldest first. */
  fills(account: string, contract?: string): DealtTrans[] {
    const a = this.userAccount(account);
    if (a === undefined) return [];
    const out: DealtTrans[] = [];
    for (const f of a.retainedFills()) if (contract === undefined || f.contract === contract) out.push(f);
    return out;
  }

  info(account: string): InfoData {
    return buildInfo(this.table, this.userAccount(account), this.valuation, this.cnyRate);
  }

  /** Users' resting orders of one side of a book in queue order (best price first). */
  restingOrders(contract: string, bs: Side): string[] {
    const m = this.market(contract);
    const out: string[] = [];
    for (const level of (bs === 'b' ? m.bids : m.asks).levelsFromBest()) {
      for (let o = level.head; o !== null; o = o.next)
        if (!o.account.isAgent) out.push(exchangeOid(m.symbol, o.id));
    }
    return out;
  }

  /**
   * Totals for the conservation check: per currency, what all accounts (users and agents) hold,
   * the fees collected and everything deposited. `held + fees == deposits` always.
   */
  ledgerTotals(): Record<string, { held: bigint; fees: bigint; deposits: bigint }> {
    const out: Record<string, { held: bigint; fees: bigint; deposits: bigint }> = {};
    for (const c of this.table.currencies) {
      // Summed as BigInt: each balance is a safe integer, their sum over many accounts need not be.
      let held = 0n;
      for (const a of this.ledger.accounts.values())
        held += BigInt(a.available[c.index]) + BigInt(a.frozen[c.index]);
      out[c.name] = {
        held,
        fees: BigInt(this.ledger.fees[c.index]),
        deposits: this.ledger.deposits[c.index],
      };
    }
    return out;
  }

  private userAccount(name: string): Account | undefined {
    const a = this.ledger.account(name);
    return a === undefined || a.isAgent ? undefined : a;
  }

  // ---------------------------------------------------------------- persistence

  /** Users' exact state (balances, retained orders and fills, counters); plain JSON. */
  snapshot(): EngineSnapshot {
    const balances: EngineSnapshot['balances'] = {};
    const orders: OrderRecord[] = [];
    const fills: DealtTrans[] = [];
    for (const a of this.ledger.accounts.values()) {
      if (a.isAgent) continue;
      const row: Record<string, [number, number]> = {};
      for (const c of this.table.currencies) {
        if (a.available[c.index] !== 0 || a.frozen[c.index] !== 0)
          row[c.name] = [a.available[c.index], a.frozen[c.index]];
      }
      balances[a.name] = row;
      for (const o of a.retainedOrders(this.finishedLog)) orders.push(o.record);
      for (const f of a.retainedFills()) fills.push(f);
    }
    orders.sort((x, y) => x.id - y.id);
    const lastTicks: Record<string, number> = {};
    for (const m of this.table.markets) lastTicks[m.symbol] = m.lastTicks;
    return {
      format: 1,
      seq: this.seq,
      nextOrderId: this.nextOrderId,
      nextTradeId: this.nextTradeId,
      nextPriority: this.nextPriority,
      balances,
      orders,
      fills,
      lastTicks,
    };
  }

  /**
   * Rebuilds an engine from a snapshot (or none) and the journal of events that followed it: every
   * event the sink received, in order, as objects or their JSON. Events are effects, not commands:
   * replaying them needs no agents and gives back exactly the users' balances, orders (resting ones
   * in their original queue order) and fills. Nothing is emitted while restoring.
   */
  static restore(
    config: EngineConfig,
    snapshot: EngineSnapshot | null,
    journal: Iterable<JournalEntry>,
    sink: EventSink,
  ): Engine {
    const engine = new Engine(config, sink);
    const state = loadJournal(engine.table, snapshot, journal);
    const t = engine.table;
    for (const [name, row] of state.balances) {
      const account = engine.ledger.open(name, false);
      for (const [currency, [available, frozen]] of Object.entries(row)) {
        const c = t.currencyByName.get(currency);
        if (c === undefined)
          throw new OtsError('invalid-param', `journal names unknown currency ${currency}`);
        account.available[c.index] = available;
        account.frozen[c.index] = frozen;
        engine.ledger.deposits[c.index] += BigInt(available + frozen);
      }
    }
    const records = [...state.orders.values()].sort((x, y) => x.id - y.id);
    const resting: OrderNode[] = [];
    for (const r of records) {
      const m = t.bySymbol.get(r.contract);
      if (m === undefined)
        throw new OtsError('contract-not-exist', `journal names unknown contract ${r.contract}`);
      const account = engine.ledger.open(r.account, false);
      const node = newOrderNode(
        r.id,
        account,
        m,
        r.bs,
        r.type,
        r.client_oid,
        r.priceTicks,
        r.lots,
        r.entrustUs,
        r.options,
        r.tags,
      );
      Object.assign(node, {
        dealtLots: r.dealtLots,
        lastDealtLots: r.lastDealtLots,
        dealtQuoteUnits: r.dealtQuoteUnits,
        commissionUnits: r.commissionUnits,
        frozenUnits: r.frozenUnits,
        status: r.status,
        version: r.version,
        priority: r.priority,
        lastUpdateUs: r.lastUpdateUs,
        closed: r.closedUs !== null,
      });
      engine.userOrders.set(node);
      if (!node.closed) {
        account.addOpen(node);
        resting.push(node);
      } else engine.releasing[engine.releasingCount++] = node; // retained by `releaseFinished` below
      engine.nextOrderId = Math.max(engine.nextOrderId, node.id + 1);
      engine.nextPriority = Math.max(engine.nextPriority, node.priority + 1);
    }
    resting.sort((x, y) => x.priority - y.priority);
    for (const node of resting) engine.sideOf(node).addByPriority(node);
    for (const f of state.fills) {
      const account = engine.ledger.open(f.account, false);
      account.retainStoredFill(f, engine.retain);
      const tid = Number(f.exchange_tid.slice(f.exchange_tid.lastIndexOf('-') + 1));
      if (Number.isSafeInteger(tid)) engine.nextTradeId = Math.max(engine.nextTradeId, tid + 1);
    }
    for (const [contract, ticks] of state.lastTicks) {
      const m = t.bySymbol.get(contract);
      if (m !== undefined) m.lastTicks = ticks;
    }
    engine.releaseFinished();
    engine.seq = state.seq;
    engine.nextOrderId = Math.max(engine.nextOrderId, state.nextOrderId);
    engine.nextTradeId = Math.max(engine.nextTradeId, state.nextTradeId);
    engine.nextPriority = Math.max(engine.nextPriority, state.nextPriority);
    return engine;
  }
}

/**
 * The position of the '-' before the number that ends an exchange_oid (`{contract}-{id}`), or -1
 * when it does not end in '-' and a number. Read by char codes, with no substring: every cancel and
 * amend asks.
 */
function dashOfOrderNumber(exchange_oid: string): number {
  let i = exchange_oid.length - 1;
  for (; i >= 0; i--) {
    const code = exchange_oid.charCodeAt(i);
    if (code < 48 || code > 57) break; // not '0'-'9'
  }
  if (i === exchange_oid.length - 1 || i < 0 || exchange_oid.charCodeAt(i) !== 45) return -1; // 45: '-'
  // Numbers are written without leading zeros: `-07` names no order (`-7` does).
  if (exchange_oid.charCodeAt(i + 1) === 48) return -1;
  return i;
}

/** The number after `dash` (digits only, as `dashOfOrderNumber` found them). */
function orderNumberAfter(exchange_oid: string, dash: number): number {
  let id = 0;
  for (let j = dash + 1; j < exchange_oid.length; j++) id = id * 10 + (exchange_oid.charCodeAt(j) - 48);
  return id;
}
