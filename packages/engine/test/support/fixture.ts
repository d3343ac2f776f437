/**
 * A small engine for tests: one contract with round steps so the arithmetic in assertions is easy
 * to follow, an event log, and helpers that place and assert on orders.
 */
import assert from 'node:assert/strict';
import type { Order } from '@ots/protocol';
import {
  type CommandResult,
  Engine,
  type EngineConfig,
  type EngineContract,
  type EngineEvent,
} from '../../src/index.js';

export const T0 = 1_700_000_000_000_000;

/** `test/usdt`: tick 0.5, lot 0.01, min 0.02, min notional 1, maker 0.1%, taker 0.2%. */
export const TEST_CONTRACT: EngineContract = {
  symbol: 'test/btc.usdt',
  base: 'btc',
  quote: 'usdt',
  min_change: 0.5,
  min_amount: 0.02,
  unit_amount: 0.01,
  min_notional: 1,
  maker_fee: 0.001,
  taker_fee: 0.002,
};

export const TEST_CONFIG: EngineConfig = { contracts: [TEST_CONTRACT], valuationCurrency: 'usdt' };

export interface Harness {
  engine: Engine;
  events: EngineEvent[];
  now: () => number;
  place(account: string, bs: 'b' | 's', price: number, amount: number, type?: string): CommandResult;
  placed(account: string, bs: 'b' | 's', price: number, amount: number, type?: string): Order;
  deposit(account: string, currency: string, amount: number): void;
  balance(account: string, currency: string): { available: number; frozen: number; total: number };
}

export function harness(config: EngineConfig = TEST_CONFIG): Harness {
  const events: EngineEvent[] = [];
  const engine = new Engine(config, (e) => events.push(e));
  let clock = T0;
  let oid = 0;
  const now = () => (clock += 1000);
  const contract = config.contracts[0].symbol;
  const h: Harness = {
    engine,
    events,
    now,
    place(account, bs, price, amount, type) {
      const options = type === undefined ? {} : { type };
      return engine.apply(
        { kind: 'place', account, contract, bs, price, amount, client_oid: `c-${++oid}`, options },
        now(),
      );
    },
    placed(account, bs, price, amount, type) {
      const r = h.place(account, bs, price, amount, type);
      assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
      return r.order!;
    },
    deposit(account, currency, amount) {
      const r = engine.apply({ kind: 'deposit', account, currency, amount }, now());
      assert.ok(r.ok, r.ok ? '' : r.message);
    },
    balance(account, currency) {
      const row = engine.info(account).position.find((p) => p.contract === currency) as {
        available: number;
        frozen: number;
        total_amount: number;
      };
      return { available: row.available, frozen: row.frozen, total: row.total_amount };
    },
  };
  return h;
}

/** A harness with alice and bob funded with 100,000 usdt and 10 btc each. */
export function funded(config: EngineConfig = TEST_CONFIG): Harness {
  const h = harness(config);
  for (const a of ['alice', 'bob', 'carol']) {
    h.deposit(a, 'usdt', 100_000);
    h.deposit(a, 'btc', 10);
  }
  h.events.length = 0;
  return h;
}
