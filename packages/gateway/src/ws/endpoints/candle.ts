/**
 * `/api/v1/ws/candle` (reference §3.5), no auth needed. Two request forms:
 * - 2018: `{"contract":"sim/btc.usdt","duration":"1m"}` (no `uri`): no ack, bare candle pushes;
 * - 2020: the same with `"uri":"subscribe-single-candle"`: an ack with `code: success`, then pushes
 *   with `"uri":"single-candle"`. `unsubscribe-single-candle` stops them.
 * Every duration of `CANDLE_DURATIONS`; the candle in progress is pushed at once and after every
 * batch of trades that changes it.
 */
import { CANDLE_DURATIONS, candleDurationSeconds, isCandleDuration, OtsError } from '@ots/protocol';
import type { QuoteHub } from '../../quote/hub.js';
import type { VenueRegistry } from '../../venues/registry.js';
import type { QuoteEndpoint, QuoteRequest } from '../server.js';
import { followVenueStatus, unknownUri } from './requests.js';

const URIS = ['ping', 'subscribe-single-candle', 'unsubscribe-single-candle'] as const;

export function candleEndpoint(hub: QuoteHub, venues: VenueRegistry): QuoteEndpoint {
  return {
    path: '/api/v1/ws/candle',
    gzipByDefault: false,
    heartbeat: true,
    handle(connection, request) {
      const uri = request.uri;
      const legacy = uri === undefined;
      if (!legacy && uri !== URIS[1] && uri !== URIS[2]) throw unknownUri(uri, URIS);
      const spec = venues.requireContract(request.contract);
      const duration = durationOf(request);
      const key = `candle ${spec.symbol} ${duration}`;
      const form = legacy ? 'bare' : 'uri';
      if (uri === 'unsubscribe-single-candle') {
        connection.subscriptions.delete(key);
        hub.candles.unsubscribe(connection, spec.symbol, duration, 'uri');
        hub.candles.unsubscribe(connection, spec.symbol, duration, 'bare');
        connection.reply({ uri, code: 'success', contract: request.contract, duration });
        return;
      }
      connection.subscriptions.add(key, `${spec.symbol} ${duration}`);
      if (!legacy) connection.reply({ uri, code: 'success', contract: request.contract, duration });
      hub.candles.subscribe(connection, spec.symbol, duration, candleDurationSeconds(duration), form);
      // Candles stop moving while the exchange's feed is down: the socket is told, as tick sockets are.
      followVenueStatus(hub, venues, connection, spec.symbol);
    },
  };
}

function durationOf(request: QuoteRequest): string {
  const duration = request.duration;
  if (!isCandleDuration(duration)) {
    throw new OtsError(
      'invalid-param',
      `duration ${JSON.stringify(duration)}: expected one of ${CANDLE_DURATIONS.join(', ')}`,
    );
  }
  return duration;
}
