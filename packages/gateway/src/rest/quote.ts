/**
 * Public REST, quotes (reference §4.2): `/api/v1/quote/single-tick/{exchange}/{pair}`,
 * `/quote/ticks?exchange=`, `/quote/candles?contract=&duration=&since=&until=` and
 * `/quote/zhubi?contract=&since=&until=&size=`. An unknown contract (or exchange) is
 * `404 contract-not-exist`.
 */
import {
  CANDLE_DURATIONS,
  Candle,
  type CandleDuration,
  candleDurationSeconds,
  isCandleDuration,
  OtsError,
  Timestamp,
  toTimestamp,
  Zhubi,
} from '@ots/protocol';
import type { FastifyInstance } from 'fastify';
import type { LimitConfig } from '../config.js';
import type { QuoteHub } from '../quote/hub.js';
import type { MarketHistory } from '../store/market-history.js';
import type { VenueRegistry } from '../venues/registry.js';

/** Candles a request without `since` goes back. */
const DEFAULT_CANDLE_COUNT = 500;
/** Trades a zhubi request without `size` gets. */
const DEFAULT_ZHUBI_SIZE = 200;

export function registerQuoteApi(
  app: FastifyInstance,
  deps: { venues: VenueRegistry; hub: QuoteHub; history: MarketHistory; limits: LimitConfig },
): void {
  const { venues, hub, history, limits } = deps;

  app.get<{ Params: { exchange: string; pair: string } }>(
    '/api/v1/quote/single-tick/:exchange/:pair',
    async (request, reply) => {
      const spec = venues.requireContract(`${request.params.exchange}/${request.params.pair}`);
      const tick = hub.lastTick(spec.symbol);
      if (!tick) throw new OtsError('not-allowed', `no tick for ${spec.symbol} yet; try again in a moment`);
      reply.header('content-type', 'application/json; charset=utf-8');
      return tick.toVerboseJson();
    },
  );

  app.get<{ Querystring: { exchange?: string } }>('/api/v1/quote/ticks', async (request, reply) => {
    const exchange = request.query.exchange?.toLowerCase();
    if (exchange && !venues.get(exchange)) {
      throw new OtsError(
        'contract-not-exist',
        `no exchange ${JSON.stringify(exchange)}; see /api/v1/basic/exchanges`,
      );
    }
    const parts: string[] = [];
    for (const tick of hub.lastTicks()) {
      if (exchange && !tick.contract?.startsWith(`${exchange}/`)) continue;
      // One level per side, as the original served this list.
      const top = tick.copy();
      top.bids = top.bids.slice(0, 1);
      top.asks = top.asks.slice(0, 1);
      parts.push(top.toVerboseJson());
    }
    reply.header('content-type', 'application/json; charset=utf-8');
    return `[${parts.join(',')}]`;
  });

  app.get<{ Querystring: { contract?: string; duration?: string; since?: string; until?: string } }>(
    '/api/v1/quote/candles',
    async (request) => {
      const q = request.query;
      const spec = venues.requireContract(requireParam(q.contract, 'contract', 'e.g. sim/btc.usdt'));
      const duration = requireParam(q.duration, 'duration', `one of ${CANDLE_DURATIONS.join(', ')}`);
      if (!isCandleDuration(duration)) {
        throw new OtsError(
          'invalid-param',
          `duration ${JSON.stringify(duration)}: expected one of ${CANDLE_DURATIONS.join(', ')}`,
        );
      }
      const durationS = candleDurationSeconds(duration);
      const untilS = q.until ? seconds(q.until, 'until') : Math.floor(Date.now() / 1000) + 1;
      const sinceS = q.since ? seconds(q.since, 'since') : untilS - DEFAULT_CANDLE_COUNT * durationS;
      if (sinceS >= untilS) throw new OtsError('invalid-param', 'since must be before until');
      if ((untilS - sinceS) / durationS > limits.candlesMaxCount + 1) {
        throw new OtsError(
          'invalid-param',
          `at most ${limits.candlesMaxCount} candles per request; narrow since..until or use a longer duration`,
        );
      }
      const rows = history.candlesOf(spec.symbol, durationS, sinceS, untilS, limits.candlesMaxCount);
      return rows.map((r) =>
        new Candle({
          time: Timestamp.fromEpochMicros(r.startS * 1_000_000),
          open: r.open,
          high: r.high,
          low: r.low,
          close: r.close,
          volume: r.volume,
          amount: r.amount,
          contract: spec.symbol,
          duration: duration as CandleDuration,
        }).toDict(),
      );
    },
  );

  app.get<{ Querystring: { contract?: string; since?: string; until?: string; size?: string } }>(
    '/api/v1/quote/zhubi',
    async (request) => {
      const q = request.query;
      const spec = venues.requireContract(requireParam(q.contract, 'contract', 'e.g. sim/btc.usdt'));
      let size = DEFAULT_ZHUBI_SIZE;
      if (q.size !== undefined) {
        size = Number(q.size);
        if (!Number.isInteger(size) || size < 1) {
          throw new OtsError('invalid-param', `size ${JSON.stringify(q.size)}: expected a whole number >= 1`);
        }
      }
      const rows = history.zhubi({
        contract: spec.symbol,
        sinceUs: q.since ? micros(q.since, 'since') : undefined,
        untilUs: q.until ? micros(q.until, 'until') : undefined,
        size: Math.min(size, limits.zhubiMaxSize),
      });
      return rows.map((r) =>
        new Zhubi({
          time: Timestamp.fromEpochMicros(r.timeUs),
          exchange_time: r.exchangeTimeUs === null ? null : Timestamp.fromEpochMicros(r.exchangeTimeUs),
          contract: r.contract,
          price: r.price,
          amount: r.amount,
          bs: r.bs,
        }).toVerbose(),
      );
    },
  );
}

function requireParam(value: string | undefined, key: string, expected: string): string {
  if (value === undefined || value === '') throw new OtsError('invalid-param', `missing ${key}: ${expected}`);
  return value;
}

/** An ISO time (`2018-05-01T00:00:00Z`) or epoch seconds, as integer epoch microseconds. */
function micros(value: string, key: string): number {
  const input = /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return toTimestamp(input, key).epochMicros;
}

function seconds(value: string, key: string): number {
  return Math.floor(micros(value, key) / 1e6);
}
