import { OtsError } from '@ots/protocol';
import {
  Connection,
  type ConnectionTimingOptions,
  type DisconnectInfo,
  type StateChange,
  type WireMessage,
} from './connection.js';

/**
 * One quote endpoint (`/ws/tick`, `/ws/tick-v3`, `/ws/candle`) as a pool of connections. The server
 * takes at most 50 topics (contracts; contract/duration pairs on candles) per connection, so topics are
 * spread over as many connections as needed; the user sees one stream. A topic stays on the connection
 * that first took it, so its messages keep their order.
 */

export interface ChannelSpec {
  /** `tick`, `tick-v3`, `candle`. */
  name: string;
  /** Full websocket URL of the endpoint. */
  url: string;
  /** Send `{"uri":"auth"}` and wait for its reply before subscribing (tick and tick-v3). */
  auth: boolean;
  /** How long to wait for the auth reply; default 5000 ms (PYSDK). */
  authTimeoutMs?: number;
  maxTopicsPerConnection: number;
  timing: ConnectionTimingOptions;
}

export interface ChannelLink {
  readonly connection: Connection;
  /** topic → subscription keys on this link. */
  readonly topics: Map<string, Set<string>>;
  /** Per-link state a message handler may keep (tick-v3 books), cleared on every disconnect. */
  readonly state: Map<string, unknown>;
}

export interface ChannelEvents {
  message: (message: WireMessage, link: ChannelLink) => void;
  error: (error: OtsError) => void;
  disconnect: (info: DisconnectInfo, link: ChannelLink) => void;
  open: (reconnected: boolean, link: ChannelLink) => void;
  state: (change: StateChange, link: ChannelLink) => void;
}

export class QuoteChannel {
  private readonly links: ChannelLink[] = [];
  private readonly linkOfTopic = new Map<string, ChannelLink>();
  private closed = false;

  constructor(
    private readonly spec: ChannelSpec,
    private readonly events: ChannelEvents,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get connectionCount(): number {
    return this.links.length;
  }

  /** The connection that carries a topic, if any. */
  linkFor(topic: string): ChannelLink | undefined {
    return this.linkOfTopic.get(topic);
  }

  /** Adds a server subscription (`key`, replayed on reconnect) under `topic`. Returns its link. */
  subscribe(topic: string, key: string, message: WireMessage): ChannelLink {
    if (this.closed)
      throw new OtsError('sdk-network-error', `${this.spec.name} quote channel is closed`, { status: 0 });
    const link = this.linkOfTopic.get(topic) ?? this.placeTopic(topic);
    let keys = link.topics.get(topic);
    if (!keys) {
      keys = new Set();
      link.topics.set(topic, keys);
    }
    keys.add(key);
    link.connection.subscribe(key, message);
    link.connection.start();
    return link;
  }

  /** Removes a server subscription; a connection left without topics is closed. */
  unsubscribe(topic: string, key: string, message?: WireMessage): void {
    const link = this.linkOfTopic.get(topic);
    if (!link) return;
    const keys = link.topics.get(topic);
    link.connection.unsubscribe(key, message);
    keys?.delete(key);
    if (keys && keys.size > 0) return;
    link.topics.delete(topic);
    this.linkOfTopic.delete(topic);
    link.state.delete(topic);
    if (link.topics.size === 0) {
      link.connection.close();
      this.links.splice(this.links.indexOf(link), 1);
    }
  }

  /** Every link's connection dials again at once (subscriptions kept). */
  reconnectNow(reason?: string): void {
    for (const link of this.links) link.connection.reconnectNow(reason);
  }

  close(): void {
    this.closed = true;
    for (const link of this.links) link.connection.close();
    this.links.length = 0;
    this.linkOfTopic.clear();
  }

  private placeTopic(topic: string): ChannelLink {
    const link = this.links.find((l) => l.topics.size < this.spec.maxTopicsPerConnection) ?? this.openLink();
    this.linkOfTopic.set(topic, link);
    return link;
  }

  private openLink(): ChannelLink {
    const spec = this.spec;
    const authTimeoutMs = spec.authTimeoutMs ?? 5000;
    let link: ChannelLink | undefined;
    const connection = new Connection({
      ...spec.timing,
      name: spec.name,
      endpoint: () => ({ url: spec.url }),
      handshake: spec.auth
        ? async (session) => {
            session.send({ uri: 'auth' });
            const reply = await session.expect((m) => m.uri === 'auth', authTimeoutMs);
            if (reply.code !== undefined && reply.code !== 'success' && reply.code !== 'ok') {
              throw OtsError.fromBody(reply);
            }
          }
        : undefined,
      onMessage: (message) => this.events.message(message, link!),
    });
    link = { connection, topics: new Map(), state: new Map() };
    const current = link;
    connection.on('error', (error) => this.events.error(error));
    connection.on('state', (change) => this.events.state(change, current));
    connection.on('disconnect', (info) => {
      current.state.clear();
      this.events.disconnect(info, current);
    });
    connection.on('open', ({ reconnected }) => this.events.open(reconnected, current));
    this.links.push(link);
    return link;
  }
}
