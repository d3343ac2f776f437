/**
 * A small typed event emitter that runs in Node and browsers (Node's `events` is a built-in that a
 * browser bundle would have to polyfill). A listener that throws does not stop the others.
 */
export class Emitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, listener: Events[K]): this {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  once<K extends keyof Events>(event: K, listener: Events[K]): this {
    const wrapper = ((...args: Parameters<Events[K]>) => {
      this.off(event, wrapper);
      (listener as (...a: Parameters<Events[K]>) => void)(...args);
    }) as unknown as Events[K];
    return this.on(event, wrapper);
  }

  off<K extends keyof Events>(event: K, listener: Events[K]): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  listenerCount<K extends keyof Events>(event: K): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (error) {
        // A listener's bug must not break the SDK's own bookkeeping; surface it asynchronously.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /**
   * Hands an error the SDK cannot return to a caller (a bad push, a failed resubscribe) to the
   * user's `onError` option and to the 'error' listeners; with neither it is logged to the console
   * under `label`, so an error is never silent.
   */
  protected reportError(
    error: unknown,
    onError: ((error: unknown) => void) | undefined,
    label: string,
  ): void {
    if (onError) {
      try {
        onError(error);
      } catch {
        // An onError that throws has nowhere left to report to.
      }
    }
    const events = this as unknown as Emitter<{ error: (error: unknown) => void }>;
    if (events.listenerCount('error') > 0) events.emit('error', error);
    else if (!onError) console.error(label, error);
  }
}
