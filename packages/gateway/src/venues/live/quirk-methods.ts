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

/** The method `name` as the instance's class defines it, under the replacement set on the instance. */
export function classMethod<M extends Method>(instance: object, name: string): M {
  return (Object.getPrototypeOf(instance) as Record<string, M>)[name] as M;
}

/**
 * Sets `replacement` as the instance's own `name`, once (installing twice changes nothing). What it
 * replaces must be the class's method (ccxt copies some onto the instance, e.g. `client`): anything
 * else would be lost, so that is refused.
 */
export function replaceMethod(instance: object, name: string, replacement: Method): void {
  const current = (instance as Record<string, unknown>)[name];
  if (current === replacement) return;
  if (typeof current !== 'function' || current !== classMethod(instance, name)) {
    throw new Error(`cannot install a quirk over ${name}: it is not the ccxt class's own method`);
  }
  (instance as Record<string, unknown>)[name] = replacement;
}
