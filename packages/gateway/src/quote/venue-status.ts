/**
 * Exchange feed outages as the quote sockets see them: when a live exchange's feed goes down, every
 * socket subscribed to one of its contracts (ticks, zhubi, tick-v3, candles, low-freq quotes) gets
 * `{"uri":"status","code":"disconnected","exchange":"okex","message":...}`, and `code: "connected"`
 * when it is back; a socket that subscribes during an outage is told at once. Without it a client
 * could not tell a quiet market from a dead feed.
 */
import type { Venue, VenueStatusEvent } from '../venues/venue.js';
import type { ClientConnection } from '../ws/connection.js';
import { type Frame, frameOf } from '../ws/frames.js';

export class VenueStatusPush {
  private readonly followed = new Map<string, () => void>();

  /** `subscribers(exchange)`: the sockets subscribed to any contract of that exchange. */
  constructor(private readonly subscribers: (exchange: string) => Set<ClientConnection>) {}

  /**
   * Follows the venue's status (once per venue, however many subscriptions ask) and, when its feed
   * is down now, tells `connection`, which has just subscribed to one of its contracts.
   */
  subscribed(venue: Venue, connection: ClientConnection): void {
    if (venue.watchStatus && !this.followed.has(venue.exchange)) {
      this.followed.set(
        venue.exchange,
        venue.watchStatus((event) => this.onStatus(event)),
      );
    }
    if (venue.connected === false) connection.sendFrame(statusFrame(venue.exchange, 'disconnected'));
  }

  stop(): void {
    for (const unfollow of this.followed.values()) unfollow();
    this.followed.clear();
  }

  private onStatus(event: VenueStatusEvent): void {
    // Book resets are the gateway's business: the book stays whole for clients.
    if (event.state !== 'disconnected' && event.state !== 'connected') return;
    const frame = statusFrame(event.exchange, event.state);
    for (const connection of this.subscribers(event.exchange)) connection.sendFrame(frame);
  }
}

function statusFrame(exchange: string, state: 'disconnected' | 'connected'): Frame {
  return frameOf({
    uri: 'status',
    code: state,
    exchange,
    message:
      state === 'disconnected'
        ? `the ${exchange} feed is down; the gateway is reconnecting, and ticks and trades of its contracts pause until then`
        : `the ${exchange} feed is back; ticks and trades of its contracts resume`,
  });
}
