/**
 * Account info in the protocol's spot shape (§1.5). The valuation currency is the account's cash;
 * every other currency is a coin valued at the last price of a contract that links it to the
 * valuation currency (directly, inverted, or through one other currency), or the book's mid before
 * the first trade. All money figures are in the valuation currency times `cnyRate`.
 * Invariants kept exactly: `total_amount == available + frozen` per row,
 * `balance == cash + market_value`.
 */
import type { InfoData, SpotPosition } from '@ots/protocol';
import type { Account } from './ledger.js';
import type { Market, MarketTable } from './market.js';
import { stepsToNumber, unitsToNumber } from './units.js';

/** A price in protocol numbers: the last trade, else the mid of the book, else null. */
export function referencePrice(market: Market): number | null {
  if (market.lastTicks > 0) return stepsToNumber(market.lastTicks, market.tick);
  const bid = market.bids.best();
  const ask = market.asks.best();
  if (bid && ask) return stepsToNumber(bid.ticks + ask.ticks, market.tick) / 2;
  return null;
}

/** Value of one unit of `currency` in `valuation`, or 0 when no contract links them. */
export function unitValue(table: MarketTable, currency: string, valuation: string): number {
  if (currency === valuation) return 1;
  const direct = rate(table, currency, valuation);
  if (direct !== null) return direct;
  for (const via of table.currencies) {
    const first = rate(table, currency, via.name);
    if (first === null) continue;
    const second = rate(table, via.name, valuation);
    if (second !== null) return first * second;
  }
  return 0;
}

function rate(table: MarketTable, from: string, to: string): number | null {
  for (const m of table.markets) {
    if (m.base.name === from && m.quote.name === to) {
      const p = referencePrice(m);
      if (p !== null && p > 0) return p;
    }
    if (m.base.name === to && m.quote.name === from) {
      const p = referencePrice(m);
      if (p !== null && p > 0) return 1 / p;
    }
  }
  return null;
}

/** A balance row whose `available + frozen` adds up to `total_amount` in floating point too. */
function amounts(availableUnits: number, frozenUnits: number, decimals: number) {
  const total = unitsToNumber(availableUnits + frozenUnits, decimals);
  const frozen = unitsToNumber(frozenUnits, decimals);
  let available = unitsToNumber(availableUnits, decimals);
  // Two correctly rounded decimals need not add up to the rounded sum; then the available column
  // absorbs the last-bit difference so the protocol's invariant holds exactly.
  if (available + frozen !== total) available = total - frozen;
  return { total, available, frozen };
}

export function buildInfo(
  table: MarketTable,
  account: Account | undefined,
  valuation: string,
  cnyRate: number,
): InfoData {
  const position: SpotPosition[] = [];
  const market_value_detail: Record<string, number> = {};
  let cash = 0;
  let marketValue = 0;
  for (const c of table.currencies) {
    const a = account ? account.available[c.index] : 0;
    const f = account ? account.frozen[c.index] : 0;
    const { total, available, frozen } = amounts(a, f, c.decimals);
    if (c.name === valuation) {
      const value = total * cnyRate;
      cash += value;
      market_value_detail[c.name] = 0;
      position.push({
        total_amount: total,
        contract: c.name,
        market_value: 0,
        available,
        frozen,
        type: 'spot',
        value_cny: value,
      });
    } else {
      const value = total === 0 ? 0 : total * unitValue(table, c.name, valuation) * cnyRate;
      marketValue += value;
      market_value_detail[c.name] = value;
      position.push({
        total_amount: total,
        contract: c.name,
        market_value: value,
        available,
        frozen,
        type: 'spot',
      });
    }
  }
  return { balance: cash + marketValue, cash, market_value: marketValue, market_value_detail, position };
}
