/**
 * `/api/v1/ws/ping-pong` (reference §3.1): the latency test socket; it answers `ping` and nothing
 * else.
 */
import type { QuoteEndpoint } from '../server.js';
import { unknownUri } from './requests.js';

export function pingPongEndpoint(): QuoteEndpoint {
  return {
    path: '/api/v1/ws/ping-pong',
    gzipByDefault: false,
    heartbeat: true,
    handle(_connection, request) {
      throw unknownUri(request.uri, ['ping']);
    },
  };
}
