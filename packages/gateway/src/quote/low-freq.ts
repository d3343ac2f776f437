/**
 * `/ws/low-freq-quote-v2`: every `timers.lowFreqIntervalMs`, each subscriber gets its contracts'
 * last price and 24-hour rise in one message:
 * `{"uri":"low-freq-quote","data":[{"contract","rise","price","price_s"}]}`. `rise` is a percentage
 * against the first price of the last 24 hours (from the one-minute candles; 0 before any trade),
 * `price_s` the price written with the contract's `min_change` decimals.
 */
import type { ContractSpec, Tick } from '@ots/protocol';
import { decimalsOf } from '../numbers.js';
import type { MarketHistory } from '../store/market-history.js';
import type { ClientConnection } from '../ws/connection.js';
import { frameOf } from '../ws/frames.js';

export interface LowFreqEntry {
  contract: string;
  rise: number;
  price: number;
  price_s: string;
}

const REFERENCE_TTL_MS = 60_000;

export class LowFreqStream {
  private readonly subscribers = new Map<ClientConnection, Map<string, ContractSpec>>();
  /** The 24 h reference price per contract, re-read from the store once a minute. */
  private readonly references = new Map<string, { price: number | undefined; readAtMs: number }>();

  constructor(
    private readonly history: MarketHistory,
    private readonly lastTick: (contract: string) => Tick | undefined,
  ) {}

  subscribe(connection: ClientConnection, specs: readonly ContractSpec[]): void {
    let contracts = this.subscribers.get(connection);
    if (!contracts) {
      contracts = new Map();
      this.subscribers.set(connection, contracts);
      connection.onClose(() => this.subscribers.delete(connection), 'low-freq');
    }
    for (const spec of specs) contracts.set(spec.symbol, spec);
    this.pushTo(connection, contracts, new Map());
  }

  unsubscribe(connection: ClientConnection, contracts: readonly string[]): void {
    const subscribed = this.subscribers.get(connection);
    if (!subscribed) return;
    for (const c of contracts) subscribed.delete(c);
  }

  /** Adds to `out` every socket following a contract whose symbol starts with `prefix`. */
  collectSubscribers(prefix: string, out: Set<ClientConnection>): void {
    for (const [connection, contracts] of this.subscribers) {
      for (const contract of contracts.keys()) {
        if (contract.startsWith(prefix)) {
          out.add(connection);
          break;
        }
      }
    }
  }

  /** Sends every subscriber its contracts' entries (each entry computed once per round). */
  push(): void {
    const round = new Map<string, LowFreqEntry | undefined>();
    for (const [connection, contracts] of this.subscribers) this.pushTo(connection, contracts, round);
  }

  entry(spec: ContractSpec): LowFreqEntry | undefined {
    const tick = this.lastTick(spec.symbol);
    if (!tick) return undefined;
    const reference = this.reference(spec.symbol);
    const rise = reference ? Math.round((tick.price / reference - 1) * 100 * 1e6) / 1e6 : 0;
    return {
      contract: spec.symbol,
      rise,
      price: tick.price,
      price_s: tick.price.toFixed(decimalsOf(spec.min_change)),
    };
  }

  private pushTo(
    connection: ClientConnection,
    contracts: Map<string, ContractSpec>,
    round: Map<string, LowFreqEntry | undefined>,
  ): void {
    const data: LowFreqEntry[] = [];
    for (const spec of contracts.values()) {
      if (!round.has(spec.symbol)) round.set(spec.symbol, this.entry(spec));
      const entry = round.get(spec.symbol);
      if (entry) data.push(entry);
    }
    if (data.length > 0)
      connection.deliverLatest('low-freq', frameOf({ uri: 'low-freq-quote', data }).for(connection.gzip));
  }

  private reference(contract: string): number | undefined {
    const now = Date.now();
    let ref = this.references.get(contract);
    if (!ref || now - ref.readAtMs > REFERENCE_TTL_MS) {
      ref = { price: this.history.firstPriceSince(contract, Math.floor(now / 1000) - 86_400), readAtMs: now };
      this.references.set(contract, ref);
    }
    return ref.price;
  }
}
