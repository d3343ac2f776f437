/**
 * Seeded random user activity for the property tests: places of every type (some deliberately
 * invalid), cancels, amends and deposits across several accounts and contracts, optionally with the
 * synthetic market stepping in between. The same seed always gives the same commands.
 */
import {
  DEFAULT_ENGINE_CONFIG,
  DEFAULT_MARKET_CONFIG,
  Engine,
  type EngineCommand,
  type EngineConfig,
  type EngineEvent,
  SyntheticMarket,
  seededRandom,
} from '../../src/index.js';
import { T0 } from './fixture.js';

export const ACCOUNTS = ['u/alice', 'u/bob', 'u/carol', 'u/dave', 'u/erin'];
const TYPES = ['limit', 'limit', 'limit', 'market', 'ioc', 'fok', 'post_only'];

export interface StreamRun {
  engine: Engine;
  events: EngineEvent[];
  /** Every user command with its time, in order (accepted or not). */
  commands: Array<{ command: EngineCommand; nowUs: number }>;
  market: SyntheticMarket | null;
}

export interface StreamOptions {
  seed: number;
  ops: number;
  withMarket: boolean;
  config?: EngineConfig;
  /** Called after every user command and every market step. */
  check?: (run: StreamRun, op: number) => void;
}

export function runStream(options: StreamOptions): StreamRun {
  const config = options.config ?? DEFAULT_ENGINE_CONFIG;
  const events: EngineEvent[] = [];
  const engine = new Engine(config, (e) => events.push(e));
  const market = options.withMarket
    ? new SyntheticMarket(engine, { ...DEFAULT_MARKET_CONFIG, seed: options.seed + 1 })
    : null;
  const run: StreamRun = { engine, events, commands: [], market };
  const r = seededRandom(options.seed);
  let now = T0;
  const placed = new Map<string, string[]>(ACCOUNTS.map((a) => [a, []]));
  const apply = (command: EngineCommand) => {
    now += r.int(1, 50_000);
    run.commands.push({ command, nowUs: now });
    const result = engine.apply(command, now);
    if (result.ok && result.exchange_oid && command.kind === 'place')
      placed.get(command.account)!.push(result.exchange_oid);
  };
  for (const a of ACCOUNTS) {
    apply({ kind: 'deposit', account: a, currency: 'usdt', amount: 2_000_000 });
    apply({ kind: 'deposit', account: a, currency: 'btc', amount: 20 });
    apply({ kind: 'deposit', account: a, currency: 'eth', amount: 300 });
  }
  const fair: Record<string, number> = { 'sim/btc.usdt': 60000, 'sim/eth.usdt': 3000, 'sim/eth.btc': 0.05 };
  for (let op = 0; op < options.ops; op++) {
    if (market && r.chance(0.15)) {
      now += r.int(10_000, 200_000);
      market.step(now);
      options.check?.(run, op);
      continue;
    }
    const account = r.pick(ACCOUNTS);
    const mine = placed.get(account)!;
    const roll = r.next();
    if (roll < 0.55) {
      const spec = r.pick(config.contracts);
      const center = market
        ? market.fairPrice(spec.symbol)
        : (engine.lastPrice(spec.symbol) ?? fair[spec.symbol]);
      const centerTicks = Math.round(center / spec.min_change);
      const ticks = centerTicks + r.int(-30, 30) * Math.max(1, Math.round(centerTicks / 20000));
      let price = ticks * spec.min_change;
      let amount = r.int(1, 40) * spec.min_amount * (spec.base === 'btc' ? 20 : 10);
      if (r.chance(0.03)) price += spec.min_change / 3; // off the tick grid
      if (r.chance(0.03)) amount = spec.unit_amount / 2; // off the lot grid
      if (r.chance(0.02)) amount = 1e6; // no money
      apply({
        kind: 'place',
        account,
        contract: spec.symbol,
        bs: r.chance(0.5) ? 'b' : 's',
        price,
        amount,
        client_oid: `${account}-${op}`,
        options: { type: r.pick(TYPES), close: r.chance(0.1) },
      });
    } else if (roll < 0.85) {
      if (mine.length === 0) continue;
      apply({ kind: 'cancel', account, exchange_oid: mine[r.int(0, mine.length - 1)] });
    } else if (roll < 0.97) {
      if (mine.length === 0) continue;
      const oid = mine[r.int(0, mine.length - 1)];
      const order = engine.getOrder(account, oid)!;
      if (order === undefined) continue;
      const spec = config.contracts.find((c) => c.symbol === order.contract)!;
      const change: { price?: number; amount?: number } = {};
      if (r.chance(0.5)) change.price = order.entrust_price + r.int(-3, 3) * spec.min_change;
      if (r.chance(0.6))
        change.amount = Math.max(
          spec.min_amount,
          order.entrust_amount + r.int(-5, 5) * spec.unit_amount * 10,
        );
      apply({ kind: 'amend', account, exchange_oid: oid, ...change });
    } else {
      apply({ kind: 'deposit', account, currency: r.pick(['usdt', 'btc', 'eth']), amount: r.int(1, 1000) });
    }
    options.check?.(run, op);
  }
  return run;
}
