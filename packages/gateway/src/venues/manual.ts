/**
 * A venue fed by code: a program (a test, a benchmark, an embedding application) lists contracts
 * and pushes ticks and trades into it; the gateway serves them like any exchange's.
 */
import { type ContractSpec, contractSpec, parseContract, type Tick, type Zhubi } from '@ots/protocol';
import type { MarketDataSink, Venue } from './venue.js';

export class ManualVenue implements Venue {
  private readonly specs: ContractSpec[];
  private sink: MarketDataSink | undefined;

  constructor(
    readonly exchange: string,
    /** Contract names on this exchange (`btc.usdt`) or full specs. */
    contracts: readonly (string | Partial<ContractSpec>)[],
  ) {
    this.specs = contracts.map((c) => {
      const fields = typeof c === 'string' ? { name: c } : c;
      const name = parseContract(`${exchange}/${fields.name}`).name;
      return contractSpec({ ...fields, exchange, name });
    });
  }

  async start(sink: MarketDataSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  contracts(): ContractSpec[] {
    return this.specs;
  }

  /** Publishes a tick (its `contract` must be one of this venue's); false before start or after stop. */
  tick(tick: Tick): boolean {
    if (!this.sink) return false;
    this.sink.tick(tick);
    return true;
  }

  /** Publishes trades of one contract. */
  zhubi(trades: Zhubi[]): boolean {
    if (!this.sink) return false;
    this.sink.zhubi(trades);
    return true;
  }
}
