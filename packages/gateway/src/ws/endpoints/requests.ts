/**
 * Reading quote-socket requests: the contract (top level or in `args`, as §3.2 allows), the
 * auth rule, and the acknowledgements every endpoint writes the same way.
 */
import { type ContractSpec, OtsError } from '@ots/protocol';
import type { QuoteHub } from '../../quote/hub.js';
import type { VenueRegistry } from '../../venues/registry.js';
import type { ClientConnection } from '../connection.js';
import type { QuoteRequest } from '../server.js';

/** The contract of a request, from `contract` or `args.contract`, as given and as listed. */
export function requestContract(
  venues: VenueRegistry,
  request: QuoteRequest,
): { given: unknown; spec: ContractSpec } {
  const args = request.args;
  const given =
    request.contract ??
    (args !== null && typeof args === 'object' ? (args as Record<string, unknown>).contract : undefined);
  if (given === undefined) {
    throw new OtsError('invalid-param', `"${String(request.uri)}" needs "contract", e.g. "sim/btc.usdt"`);
  }
  return { given, spec: venues.requireContract(given) };
}

export function requireAuth(connection: ClientConnection, uri: string): void {
  if (!connection.authed) {
    throw new OtsError('no-valid-authentication', `send {"uri":"auth"} before "${uri}"`);
  }
}

export function replyAuth(connection: ClientConnection): void {
  connection.authed = true;
  connection.reply({ uri: 'auth', message: 'Auth succeed.' });
}

export function unknownUri(uri: unknown, known: readonly string[]): OtsError {
  return new OtsError(
    'not-found',
    uri === undefined
      ? `request has no "uri"; expected one of ${known.join(', ')}`
      : `unknown uri ${JSON.stringify(uri)}; expected one of ${known.join(', ')}`,
  );
}

/**
 * After a subscription to `contract`: its exchange's feed outages reach this socket from now on,
 * and if the feed is down right now the socket is told at once (`{"uri":"status","code":"disconnected"}`).
 */
export function followVenueStatus(
  hub: QuoteHub,
  venues: VenueRegistry,
  connection: ClientConnection,
  contract: string,
): void {
  const venue = venues.get(contract.slice(0, contract.indexOf('/')));
  if (venue) hub.venueStatus.subscribed(venue, connection);
}
