/**
 * Live candles for `/ws/candle`: per subscribed (contract, duration), the candle in progress,
 * seeded from the store on first subscribe and updated by every trade; after each batch of trades
 * the changed candles are pushed. Two wire forms: the 2018 bare candle (request without `uri`) and
 * the 2020 one with `"uri": "single-candle"`.
 */
import { Timestamp } from '@ots/protocol';
import { type CandleRow, foldIntoCandle, openCandle } from '../store/candles.js';
import { candleStartS, type HistoryTrade, type MarketHistory } from '../store/market-history.js';
import type { ClientConnection } from '../ws/connection.js';
import { Frame } from '../ws/frames.js';
import { Topic } from './topic.js';

export type CandleForm = 'bare' | 'uri';

class CandleSeries {
  readonly forms = { bare: new Topic(), uri: new Topic() };
  candle: CandleRow | undefined;
  private frames: { bare?: Frame; uri?: Frame } = {};

  constructor(
    readonly contract: string,
    readonly duration: string,
    readonly durationS: number,
  ) {}

  get size(): number {
    return this.forms.bare.size + this.forms.uri.size;
  }

  /** Folds a trade in; true when the candle changed. */
  add(t: HistoryTrade): boolean {
    const startS = candleStartS(this.durationS, Math.floor(t.timeUs / 1e6));
    const c = this.candle;
    if (c && startS < c.startS) return false;
    if (!c || startS > c.startS) this.candle = openCandle(startS, t);
    else foldIntoCandle(c, t);
    this.frames = {};
    return true;
  }

  frame(form: CandleForm): Frame | undefined {
    const c = this.candle;
    if (!c) return undefined;
    let frame = this.frames[form];
    if (!frame) {
      const time = Timestamp.fromEpochMicros(c.startS * 1_000_000).toIsoZulu();
      const body =
        `"amount":${c.amount},"close":${c.close},"high":${c.high},"low":${c.low},"open":${c.open},` +
        `"volume":${c.volume},"contract":${JSON.stringify(this.contract)},"duration":"${this.duration}","time":"${time}"}`;
      frame = new Frame(form === 'uri' ? `{"uri":"single-candle",${body}` : `{${body}`);
      this.frames[form] = frame;
    }
    return frame;
  }

  push(): void {
    for (const form of ['bare', 'uri'] as const) {
      const topic = this.forms[form];
      if (topic.size > 0) topic.deliverLatest(`${this.contract} ${this.duration}`, this.frame(form)!);
    }
  }
}

export class CandleStreams {
  /** Series by contract, then by duration. */
  private readonly series = new Map<string, Map<string, CandleSeries>>();

  constructor(private readonly history: MarketHistory) {}

  subscribe(
    connection: ClientConnection,
    contract: string,
    duration: string,
    durationS: number,
    form: CandleForm,
  ): void {
    let byDuration = this.series.get(contract);
    if (!byDuration) {
      byDuration = new Map();
      this.series.set(contract, byDuration);
    }
    let series = byDuration.get(duration);
    if (!series) {
      series = new CandleSeries(contract, duration, durationS);
      series.candle = this.history.currentCandle(contract, durationS, Math.floor(Date.now() / 1000));
      byDuration.set(duration, series);
    }
    const topic = series.forms[form];
    if (topic.plain.has(connection) || topic.gzip.has(connection)) return;
    topic.add(connection);
    connection.onClose(
      () => this.unsubscribe(connection, contract, duration, form),
      `candle ${contract} ${duration} ${form}`,
    );
    const frame = series.frame(form);
    if (frame) connection.deliverLatest(`${contract} ${duration}`, frame.for(connection.gzip));
  }

  unsubscribe(connection: ClientConnection, contract: string, duration: string, form: CandleForm): void {
    const byDuration = this.series.get(contract);
    const series = byDuration?.get(duration);
    if (!byDuration || !series) return;
    series.forms[form].delete(connection);
    if (series.size === 0) byDuration.delete(duration);
    if (byDuration.size === 0) this.series.delete(contract);
  }

  /** Adds to `out` every socket following a candle of a contract whose symbol starts with `prefix`. */
  collectSubscribers(prefix: string, out: Set<ClientConnection>): void {
    for (const [contract, byDuration] of this.series) {
      if (!contract.startsWith(prefix)) continue;
      for (const series of byDuration.values()) {
        for (const topic of [series.forms.bare, series.forms.uri]) {
          for (const c of topic.plain) out.add(c);
          for (const c of topic.gzip) out.add(c);
        }
      }
    }
  }

  /** Trades of one contract, in time order. */
  onTrades(contract: string, trades: readonly HistoryTrade[]): void {
    const byDuration = this.series.get(contract);
    if (!byDuration) return;
    for (const series of byDuration.values()) {
      let changed = false;
      for (const t of trades) changed = series.add(t) || changed;
      if (changed) series.push();
    }
  }
}
