/**
 * The venues a gateway runs, by exchange code, and the contracts they list. REST and websocket
 * handlers ask it whether a contract exists; trade routes ask it for a venue's `trading`.
 */
import { type ContractSpec, OtsError, parseContract } from '@ots/protocol';
import type { Bus } from '../bus/bus.js';
import type { MarketDataSink, Venue } from './venue.js';

export class VenueRegistry {
  private readonly venues = new Map<string, Venue>();
  private readonly started = new Set<Venue>();

  constructor(private readonly bus: Bus) {}

  add(venue: Venue): void {
    if (this.venues.has(venue.exchange)) {
      throw new OtsError('invalid-param', `venue ${venue.exchange} is registered twice`);
    }
    this.venues.set(venue.exchange, venue);
  }

  get(exchange: string): Venue | undefined {
    return this.venues.get(exchange);
  }

  all(): Venue[] {
    return [...this.venues.values()];
  }

  exchanges(): string[] {
    return [...this.venues.keys()];
  }

  /** The contract's spec, or undefined when no venue lists it. */
  contract(symbol: string): ContractSpec | undefined {
    const slash = symbol.indexOf('/');
    if (slash <= 0) return undefined;
    const venue = this.venues.get(symbol.slice(0, slash));
    return venue?.contracts().find((c) => c.symbol === symbol);
  }

  /**
   * The spec of a contract as a client wrote it (any case, legacy forms such as `btc.usdt:sim`), or
   * `contract-not-exist` saying why: not a string, unreadable, or not listed by any venue.
   */
  requireContract(given: unknown): ContractSpec {
    if (typeof given !== 'string') {
      throw new OtsError(
        'contract-not-exist',
        `contract must be a string such as "sim/btc.usdt", got ${JSON.stringify(given)}`,
      );
    }
    let symbol: string;
    try {
      symbol = parseContract(given).symbol;
    } catch (err) {
      throw new OtsError('contract-not-exist', (err as Error).message);
    }
    const spec = this.contract(symbol);
    if (!spec) {
      throw new OtsError(
        'contract-not-exist',
        `no contract ${JSON.stringify(symbol)}: expected {exchange}/{base}.{quote} as listed by /api/v1/basic/contracts`,
      );
    }
    return spec;
  }

  /** Starts every venue, each publishing its market data on the bus. */
  async start(): Promise<void> {
    const sink: MarketDataSink = {
      tick: (tick) => {
        if (tick.contract) this.bus.publish('tick', tick.contract, tick);
      },
      zhubi: (trades) => {
        // The bus carries one contract's trades per message.
        let start = 0;
        for (let i = 1; i <= trades.length; i++) {
          if (i === trades.length || trades[i].contract !== trades[start].contract) {
            this.bus.publish(
              'zhubi',
              trades[start].contract,
              start === 0 && i === trades.length ? trades : trades.slice(start, i),
            );
            start = i;
          }
        }
      },
    };
    for (const venue of this.venues.values()) {
      await venue.start(sink);
      this.started.add(venue);
    }
  }

  async stop(): Promise<void> {
    for (const venue of [...this.started].reverse()) {
      await venue.stop();
      this.started.delete(venue);
    }
  }
}
