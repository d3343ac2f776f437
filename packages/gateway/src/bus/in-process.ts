/**
 * The in-process bus: synchronous delivery to handlers in subscription order. Each (kind, contract)
 * pair's subject and matching handlers are worked out once and cached, so a publish costs one map
 * lookup on the contract and the handler calls: venues publish at every book update, and building
 * the subject string anew each time (then hashing it for the lookup) was most of a publish.
 */
import type { Bus, BusKind, BusMessages, Unsubscribe } from './bus.js';
import { subjectMatches, subjectOf } from './bus.js';

type Handler = (message: unknown, subject: string) => void;

interface Subscription {
  pattern: string;
  handler: Handler;
}

/** Where one contract's messages of one kind go. */
interface Route {
  subject: string;
  handlers: Handler[];
}

export class InProcessBus implements Bus {
  private readonly subscriptions: Subscription[] = [];
  /** Per kind, per contract; emptied whenever the subscriptions change. */
  private readonly routes = new Map<BusKind, Map<string, Route>>();

  publish<K extends BusKind>(kind: K, contract: string, message: BusMessages[K]): void {
    const route = this.routes.get(kind)?.get(contract) ?? this.addRoute(kind, contract);
    const { subject, handlers } = route;
    for (let i = 0; i < handlers.length; i++) (handlers[i] as Handler)(message, subject);
  }

  /** Works out a route on its first use (kept apart from `publish`, which then stays small). */
  private addRoute(kind: BusKind, contract: string): Route {
    let byContract = this.routes.get(kind);
    if (!byContract) {
      byContract = new Map();
      this.routes.set(kind, byContract);
    }
    const subject = subjectOf(kind, contract);
    const handlers = this.subscriptions
      .filter((s) => subjectMatches(s.pattern, subject))
      .map((s) => s.handler);
    const route = { subject, handlers };
    byContract.set(contract, route);
    return route;
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
