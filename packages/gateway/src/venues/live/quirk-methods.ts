/**
 * How the quirks (quirks.ts, quirks-part-two.ts) replace a ccxt method on one exchange instance.
 *
 * Each replacement is a module-level function, the same for every instance, which reaches ccxt's own
 * method through the instance's class, and keeps any per-instance state in a WeakMap. A closure made
 * per instance (capturing the original method) would do the same, but ccxt calls these at every
 * message, and V8 optimises a closure for the first instance's captured values and compiles it again
 * once a second instance exists (a reconnect's new client, a venue restarted, every round of the
 * ingest bench); one shared function keeps its optimised code.
 */

export type Method = (this: never, ...args: never[]) => unknown;

/**
 * The instance's class (its prototype), whose methods are ccxt's own under the replacements set on
 * the instance. Each replacement reads its method by name from it (`classOf<C>(this).handleTrades`),
 * so that every such read stays a plain property load of one name.
 */
export function classOf<C>(instance: object): C {
  return Object.getPrototypeOf(instance) as C;
}

/**
 * Sets `replacement` as the instance's own `name`, once (installing twice changes nothing). What it
 * replaces must be the class's method (ccxt copies some onto the instance, e.g. `client`): anything
 * else would be lost, so that is refused.
 */
export function replaceMethod(instance: object, name: string, replacement: Method): void {
  const current = (instance as Record<string, unknown>)[name];
  if (current === replacement) return;
  if (typeof current !== 'function' || current !== classOf<Record<string, unknown>>(instance)[name]) {
    throw new Error(`cannot install a quirk over ${name}: it is not the ccxt class's own method`);
  }
  (instance as Record<string, unknown>)[name] = replacement;
}
