/**
 * `/api/v1/ws/tick-v3` (reference §3.4): gzip unless `?gzip=false`; `auth` first; subscribing
 * gives an ack, then a snapshot (`tp: "s"`), then diffs (`tp: "d"`) with `ui` rising by one, and a
 * fresh snapshot every `timers.tickV3SnapshotMs`.
 */
import type { QuoteHub } from '../../quote/hub.js';
import type { VenueRegistry } from '../../venues/registry.js';
import type { QuoteEndpoint } from '../server.js';
import { followVenueStatus, replyAuth, requestContract, requireAuth, unknownUri } from './requests.js';

const URIS = ['auth', 'ping', 'subscribe-single-tick-verbose', 'unsubscribe-single-tick-verbose'] as const;

export function tickV3Endpoint(hub: QuoteHub, venues: VenueRegistry): QuoteEndpoint {
  return {
    path: '/api/v1/ws/tick-v3',
    gzipByDefault: true,
    heartbeat: true,
    handle(connection, request) {
      const uri = request.uri;
      if (uri === 'auth') {
        replyAuth(connection);
        return;
      }
      if (uri !== URIS[2] && uri !== URIS[3]) throw unknownUri(uri, URIS);
      requireAuth(connection, uri);
      const { given, spec } = requestContract(venues, request);
      if (uri === 'subscribe-single-tick-verbose') {
        connection.subscriptions.add(`v3 ${spec.symbol}`, spec.symbol);
        connection.reply({ uri, code: 'success', contract: given });
        hub.subscribeV3(connection, spec.symbol);
        followVenueStatus(hub, venues, connection, spec.symbol);
      } else {
        connection.subscriptions.delete(`v3 ${spec.symbol}`);
        hub.unsubscribeV3(connection, spec.symbol);
        connection.reply({ uri, code: 'success', contract: given });
      }
    },
  };
}
