/**
 * What one connection subscribed, for the per-connection limit: at most
 * `limits.maxContractsPerConnection` different contracts (candle: contract/duration pairs).
 */
import { OtsError } from '@ots/protocol';

export class ConnectionSubscriptions {
  /** Subscription key (`tick sim/btc.usdt`) → the unit it counts against (`sim/btc.usdt`). */
  private readonly keys = new Map<string, string>();
  /** Unit → how many subscription keys use it. */
  private readonly units = new Map<string, number>();

  constructor(private readonly max: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Checks that `units` would fit, without adding them. */
  check(units: readonly string[]): void {
    const fresh = new Set(units.filter((u) => !this.units.has(u)));
    if (this.max > 0 && this.units.size + fresh.size > this.max) {
      throw new OtsError(
        'not-allowed',
        `at most ${this.max} contracts per connection (${this.units.size} subscribed); unsubscribe some or open another connection`,
      );
    }
  }

  add(key: string, unit: string): void {
    if (this.keys.has(key)) return;
    this.check([unit]);
    this.keys.set(key, unit);
    this.units.set(unit, (this.units.get(unit) ?? 0) + 1);
  }

  delete(key: string): boolean {
    const unit = this.keys.get(key);
    if (unit === undefined) return false;
    this.keys.delete(key);
    const count = this.units.get(unit)! - 1;
    if (count === 0) this.units.delete(unit);
    else this.units.set(unit, count);
    return true;
  }
}
