/**
 * The subscribers of one stream (one contract's ticks, one candle series, ...), split by wire
 * form, so that a publish encodes each form once and loops over plain sockets.
 */
import type { ClientConnection } from '../ws/connection.js';
import type { Frame } from '../ws/frames.js';

export class Topic {
  /** Subscribers that take JSON text frames. */
  readonly plain = new Set<ClientConnection>();
  /** Subscribers that take gzip (binary) frames. */
  readonly gzip = new Set<ClientConnection>();

  add(connection: ClientConnection): void {
    (connection.gzip ? this.gzip : this.plain).add(connection);
  }

  delete(connection: ClientConnection): void {
    (connection.gzip ? this.gzip : this.plain).delete(connection);
  }

  get size(): number {
    return this.plain.size + this.gzip.size;
  }

  /** Sends `frame` to every subscriber as `deliverLatest(key)`: the same Buffer to each socket of a form. */
  deliverLatest(key: string, frame: Frame): number {
    if (this.plain.size > 0) {
      const buf = frame.text();
      for (const c of this.plain) c.deliverLatest(key, buf);
    }
    if (this.gzip.size > 0) {
      const buf = frame.gzip();
      for (const c of this.gzip) c.deliverLatest(key, buf);
    }
    return this.size;
  }

  /** Sends `frame` to every subscriber as `deliverQueued`. */
  deliverQueued(frame: Frame): number {
    if (this.plain.size > 0) {
      const buf = frame.text();
      for (const c of this.plain) c.deliverQueued(buf);
    }
    if (this.gzip.size > 0) {
      const buf = frame.gzip();
      for (const c of this.gzip) c.deliverQueued(buf);
    }
    return this.size;
  }
}

/** Topics by key, created on first subscribe and dropped with their last subscriber. */
export class TopicMap {
  private readonly topics = new Map<string, Topic>();

  get(key: string): Topic | undefined {
    return this.topics.get(key);
  }

  /** Subscribes; true when the connection was not subscribed before. */
  add(key: string, connection: ClientConnection): boolean {
    let topic = this.topics.get(key);
    if (!topic) {
      topic = new Topic();
      this.topics.set(key, topic);
    }
    const before = topic.size;
    topic.add(connection);
    return topic.size > before;
  }

  /** Unsubscribes; true when the connection was subscribed. */
  delete(key: string, connection: ClientConnection): boolean {
    const topic = this.topics.get(key);
    if (!topic) return false;
    const before = topic.size;
    topic.delete(connection);
    if (topic.size === 0) this.topics.delete(key);
    return topic.size < before;
  }

  keys(): IterableIterator<string> {
    return this.topics.keys();
  }
}
