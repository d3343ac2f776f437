/**
 * The trading stack without HTTP, on a real SQLite file: engine (restored from the store), sim
 * trading, trade service, keys and the admin operations, as the gateway wires them.
 */

import { DEFAULT_ENGINE_CONFIG, type EngineEvent } from '@ots/engine';
import type { Database } from 'better-sqlite3';
import { Admin } from '../../src/admin/admin.js';
import { Authenticator } from '../../src/auth/authenticate.js';
import { KeyStore } from '../../src/auth/key-store.js';
import { CommitThread } from '../../src/store/commit-thread.js';
import { AccountStore } from '../../src/trade/account-store.js';
import { commitNoncesWithTrades } from '../../src/trade/nonce-commits.js';
import { TradeService } from '../../src/trade/trade-service.js';
import { TradeStore } from '../../src/trade/trade-store.js';
import { openSimTrading } from '../../src/venues/sim/trading.js';

/**
 * `commitThread`: the store commits through a commit thread, with the nonces joining its commits, as
 * the gateway runs (stopped when the test ends).
 */
export function tradeStack(
  db: Database,
  extraSink?: (event: EngineEvent) => void,
  options: { commitThread?: { after(fn: () => Promise<void>): void } } = {},
) {
  const store = new TradeStore(db);
  const accounts = new AccountStore(db);
  const keys = new KeyStore(db, Buffer.alloc(32, 9));
  const { engine, trading } = openSimTrading(store, DEFAULT_ENGINE_CONFIG, { extraSink });
  const service = new TradeService({
    accounts,
    trading: (exchange) => (exchange === 'sim' ? trading : undefined),
    lastPrice: (contract) => trading.lastPrice(contract),
  });
  const admin = new Admin({
    keys,
    accounts,
    store,
    service,
    funding: (exchange) => (exchange === 'sim' ? trading : undefined),
  });
  const auth = new Authenticator(keys);
  let thread: CommitThread | undefined;
  if (options.commitThread) {
    commitNoncesWithTrades(store, keys, auth);
    thread = new CommitThread(db);
    store.useCommitThread(thread);
    const started = thread;
    options.commitThread.after(async () => {
      store.useCommitThread(undefined);
      await started.stop();
    });
  }
  return { store, accounts, keys, engine, trading, service, admin, auth, thread };
}
