/**
 * The tick and zhubi sockets (reference §3.2, §3.3):
 * - `/api/v1/ws/tick`: `auth` first, then `subscribe-` / `unsubscribe-single-tick-verbose` and
 *   `-single-zhubi-verbose`, each acknowledged with `code: success`; pushes `single-tick-verbose`
 *   (the last tick at once, then every update) and `single-zhubi-verbose`.
 * - `/api/v1/quote/ws`: the original SDK's socket. The same requests without the auth rule (the
 *   SDK subscribes right after sending `{"uri":"auth","sample-rate":0}` and ignores the reply) and
 *   without the heartbeat rule (that SDK never pings).
 */
import type { QuoteHub } from '../../quote/hub.js';
import type { VenueRegistry } from '../../venues/registry.js';
import type { ClientConnection } from '../connection.js';
import type { QuoteEndpoint, QuoteRequest } from '../server.js';
import { followVenueStatus, replyAuth, requestContract, requireAuth, unknownUri } from './requests.js';

const URIS = [
  'auth',
  'ping',
  'subscribe-single-tick-verbose',
  'unsubscribe-single-tick-verbose',
  'subscribe-single-zhubi-verbose',
  'unsubscribe-single-zhubi-verbose',
] as const;

export function tickEndpoint(
  hub: QuoteHub,
  venues: VenueRegistry,
  options: { path: string; needsAuth: boolean; heartbeat: boolean },
): QuoteEndpoint {
  return {
    path: options.path,
    gzipByDefault: false,
    heartbeat: options.heartbeat,
    handle(connection: ClientConnection, request: QuoteRequest): void {
      const uri = request.uri;
      if (uri === 'auth') {
        replyAuth(connection);
        return;
      }
      if (typeof uri !== 'string' || !(URIS as readonly string[]).includes(uri)) throw unknownUri(uri, URIS);
      if (options.needsAuth) requireAuth(connection, uri);
      const { given, spec } = requestContract(venues, request);
      const contract = spec.symbol;
      switch (uri) {
        case 'subscribe-single-tick-verbose':
          connection.subscriptions.add(`tick ${contract}`, contract);
          connection.reply({ uri, code: 'success', contract: given });
          hub.subscribeTick(connection, contract);
          followVenueStatus(hub, venues, connection, contract);
          return;
        case 'unsubscribe-single-tick-verbose':
          connection.subscriptions.delete(`tick ${contract}`);
          hub.unsubscribeTick(connection, contract);
          connection.reply({ uri, code: 'success', contract: given });
          return;
        case 'subscribe-single-zhubi-verbose':
          connection.subscriptions.add(`zhubi ${contract}`, contract);
          hub.subscribeZhubi(connection, contract);
          connection.reply({ uri, code: 'success', contract: given });
          followVenueStatus(hub, venues, connection, contract);
          return;
        case 'unsubscribe-single-zhubi-verbose':
          connection.subscriptions.delete(`zhubi ${contract}`);
          hub.unsubscribeZhubi(connection, contract);
          connection.reply({ uri, code: 'success', contract: given });
          return;
      }
    },
  };
}
