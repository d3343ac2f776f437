/**
 * The in-process bus: synchronous delivery to handlers in subscription order. Matching is cached
 * per subject, so a publish costs one map lookup and the handler calls.
 */
import type { Bus, BusKind, BusMessages, Unsubscribe } from './bus.js';
import { subjectMatches, subjectOf } from './bus.js';

type Handler = (message: unknown, subject: string) => void;

interface Subscription {
  pattern: string;
  handler: Handler;
}

export class InProcessBus implements Bus {
  private readonly subscriptions: Subscription[] = [];
  private readonly routes = new Map<string, Handler[]>();

  publish<K extends BusKind>(kind: K, contract: string, message: BusMessages[K]): void {
    const subject = subjectOf(kind, contract);
    let handlers = this.routes.get(subject);
    if (!handlers) {
      handlers = this.subscriptions.filter((s) => subjectMatches(s.pattern, subject)).map((s) => s.handler);
      this.routes.set(subject, handlers);
    }
    for (const handler of handlers) handler(message, subject);
  }

  subscribe<K extends BusKind>(
    kind: K,
    pattern: string,
    handler: (message: BusMessages[K], subject: string) => void,
  ): Unsubscribe {
    const subscription: Subscription = { pattern: `${kind}.${pattern}`, handler: handler as Handler };
    this.subscriptions.push(subscription);
    this.routes.clear();
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
      this.routes.clear();
    };
  }

  async close(): Promise<void> {
    this.subscriptions.length = 0;
    this.routes.clear();
  }
}
