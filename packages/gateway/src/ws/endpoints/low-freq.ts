/**
 * `/api/v1/ws/low-freq-quote-v2` (reference §3.6): `batch-subscribe` / `batch-unsubscribe` with a
 * `contracts` list, each acknowledged with `code: success`; pushes `low-freq-quote` with price and
 * 24 h rise every `timers.lowFreqIntervalMs` (and once right after subscribing). A list with an
 * unknown contract is refused whole (`contract-not-exist` naming it).
 */
import { type ContractSpec, OtsError } from '@ots/protocol';
import type { QuoteHub } from '../../quote/hub.js';
import type { VenueRegistry } from '../../venues/registry.js';
import type { QuoteEndpoint, QuoteRequest } from '../server.js';
import { followVenueStatus, unknownUri } from './requests.js';

const URIS = ['ping', 'batch-subscribe', 'batch-unsubscribe'] as const;

export function lowFreqEndpoint(hub: QuoteHub, venues: VenueRegistry): QuoteEndpoint {
  return {
    path: '/api/v1/ws/low-freq-quote-v2',
    gzipByDefault: false,
    heartbeat: true,
    handle(connection, request) {
      const uri = request.uri;
      if (uri !== URIS[1] && uri !== URIS[2]) throw unknownUri(uri, URIS);
      const specs = contractsOf(venues, request);
      if (uri === 'batch-subscribe') {
        connection.subscriptions.check(specs.map((s) => s.symbol));
        for (const spec of specs) connection.subscriptions.add(`low-freq ${spec.symbol}`, spec.symbol);
        connection.reply({ uri, code: 'success' });
        hub.lowFreq.subscribe(connection, specs);
        // Prices stop moving while an exchange's feed is down: the socket is told, as tick sockets
        // are (once per exchange of the batch, however many of its contracts the batch names).
        const exchanges = new Set<string>();
        for (const spec of specs) {
          const exchange = spec.symbol.slice(0, spec.symbol.indexOf('/'));
          if (exchanges.has(exchange)) continue;
          exchanges.add(exchange);
          followVenueStatus(hub, venues, connection, spec.symbol);
        }
      } else {
        for (const spec of specs) connection.subscriptions.delete(`low-freq ${spec.symbol}`);
        hub.lowFreq.unsubscribe(
          connection,
          specs.map((s) => s.symbol),
        );
        connection.reply({ uri, code: 'success' });
      }
    },
  };
}

function contractsOf(venues: VenueRegistry, request: QuoteRequest): ContractSpec[] {
  const list = request.contracts;
  if (!Array.isArray(list) || list.length === 0) {
    throw new OtsError(
      'invalid-param',
      `"${String(request.uri)}" needs "contracts": a list such as ["sim/btc.usdt"]`,
    );
  }
  return list.map((c) => venues.requireContract(c));
}
