/**
 * The bus between venues and the quote hub. Subjects follow NATS: dot-separated tokens,
 * `*` matches one token and `>` the rest, so a NATS-backed bus can implement the same interface
 * later and several gateway nodes can share one market.
 *
 * Subjects: `tick.<exchange>.<pair>` carries a `Tick`, `zhubi.<exchange>.<pair>` a `Zhubi[]`
 * (pairs keep their dots: `tick.sim.btc.usdt`).
 */
import type { Tick, Zhubi } from '@ots/protocol';

/** What each subject family carries. */
export interface BusMessages {
  tick: Tick;
  zhubi: Zhubi[];
}

export type BusKind = keyof BusMessages;

export type Unsubscribe = () => void;

export interface Bus {
  publish<K extends BusKind>(kind: K, contract: string, message: BusMessages[K]): void;
  /** `pattern` is a subject pattern after the kind: `>` for everything, `sim.>` for one exchange. */
  subscribe<K extends BusKind>(
    kind: K,
    pattern: string,
    handler: (message: BusMessages[K], subject: string) => void,
  ): Unsubscribe;
  close(): Promise<void>;
}

/** `tick` and `sim/btc.usdt` give `tick.sim.btc.usdt`. */
export function subjectOf(kind: BusKind, contract: string): string {
  const slash = contract.indexOf('/');
  return `${kind}.${contract.slice(0, slash)}.${contract.slice(slash + 1)}`;
}

/** NATS subject matching: `*` is one token, a final `>` is one or more tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
