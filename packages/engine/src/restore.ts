/**
 * Folding a journal into users' state. The journal is the events the engine emitted (or their
 * JSON), which record effects, not intentions: an `order` event carries the order's exact record, a
 * `balance` event an account's balance after the change, a `fill` the fill. Replaying them in order
 * therefore gives back the state even though the synthetic agents those users traded with are gone.
 */
import type { DealtTrans } from '@ots/protocol';
import { OtsError } from '@ots/protocol';
import type { EngineEvent, EngineSnapshot, OrderRecord } from './api.js';
import type { MarketTable } from './market.js';
import { numberToUnits, stepsOf } from './units.js';

/** A journaled event: what the sink received, or the same after `JSON.parse(JSON.stringify(event))`. */
export type JournalEntry = EngineEvent;

export interface JournalState {
  seq: number;
  nextOrderId: number;
  nextTradeId: number;
  nextPriority: number;
  balances: Map<string, Record<string, [number, number]>>;
  orders: Map<number, OrderRecord>;
  fills: DealtTrans[];
  lastTicks: Map<string, number>;
}

export function loadJournal(
  table: MarketTable,
  snapshot: EngineSnapshot | null,
  journal: Iterable<JournalEntry>,
): JournalState {
  const state: JournalState = {
    seq: 0,
    nextOrderId: 1,
    nextTradeId: 1,
    nextPriority: 1,
    balances: new Map(),
    orders: new Map(),
    fills: [],
    lastTicks: new Map(),
  };
  if (snapshot !== null) {
    if (snapshot.format !== 1)
      throw new OtsError('invalid-param', `unknown engine snapshot format ${snapshot.format}`);
    state.seq = snapshot.seq;
    state.nextOrderId = snapshot.nextOrderId;
    state.nextTradeId = snapshot.nextTradeId;
    state.nextPriority = snapshot.nextPriority;
    for (const [account, row] of Object.entries(snapshot.balances)) {
      const copy: Record<string, [number, number]> = {};
      for (const [currency, pair] of Object.entries(row)) copy[currency] = [pair[0], pair[1]];
      state.balances.set(account, copy);
    }
    for (const r of snapshot.orders) state.orders.set(r.id, r);
    state.fills.push(...snapshot.fills);
    for (const [contract, ticks] of Object.entries(snapshot.lastTicks)) state.lastTicks.set(contract, ticks);
  }
  for (const e of journal) {
    switch (e.kind) {
      case 'command':
        state.seq = Math.max(state.seq, e.seq);
        break;
      case 'order':
        state.orders.set(e.record.id, e.record);
        break;
      case 'fill': {
        state.fills.push(e.fill);
        const m = table.bySymbol.get(e.fill.contract);
        if (m !== undefined) state.lastTicks.set(m.symbol, stepsOf(e.fill.dealt_price, m.tick));
        break;
      }
      case 'trade': {
        const m = table.bySymbol.get(e.trade.contract);
        if (m !== undefined) state.lastTicks.set(m.symbol, stepsOf(e.trade.price, m.tick));
        break;
      }
      case 'balance': {
        const c = table.currencyByName.get(e.currency);
        if (c === undefined)
          throw new OtsError('invalid-param', `journal names unknown currency ${e.currency}`);
        let row = state.balances.get(e.account);
        if (row === undefined) {
          row = {};
          state.balances.set(e.account, row);
        }
        row[e.currency] = [numberToUnits(e.available, c.decimals), numberToUnits(e.frozen, c.decimals)];
        break;
      }
    }
  }
  return state;
}
