/**
 * Accepted nonces ride with the trade store's commits. A trade's commit carries the nonces accepted
 * so far, so a trade and the nonce that authorised it land in one transaction; a reply that carries
 * no trade (a read, a refusal) waits for the next commit, or writes them at once when the store
 * commits on the main connection. The key store's own writes (a revoke) come after every commit
 * handed over before them, so a nonce row is never written after its key was removed.
 */
import type { Authenticator } from '../auth/authenticate.js';
import type { KeyStore } from '../auth/key-store.js';
import type { TradeStore } from './trade-store.js';

export function commitNoncesWithTrades(store: TradeStore, keys: KeyStore, auth: Authenticator): void {
  store.joinCommits((batch) => keys.appendNonceWrites(batch));
  keys.writeAfter(() => store.commit([]));
  // Something in flight may hold an earlier reply's nonce: a reply waits for it too.
  auth.persistNoncesWith(() =>
    store.committing || keys.hasPendingNonces ? store.commitSoon([]) : undefined,
  );
}
