/**
 * The trading stack without HTTP, on a real SQLite file: engine (restored from the store), sim
 * trading, trade service, keys and the admin operations, as the gateway wires them.
 */

import { DEFAULT_ENGINE_CONFIG, type EngineEvent } from '@ots/engine';
import type { Database } from 'better-sqlite3';
import { Admin } from '../../src/admin/admin.js';
import { Authenticator } from '../../src/auth/authenticate.js';
import { KeyStore } from '../../src/auth/key-store.js';
import { AccountStore } from '../../src/trade/account-store.js';
import { TradeService } from '../../src/trade/trade-service.js';
import { TradeStore } from '../../src/trade/trade-store.js';
import { openSimTrading } from '../../src/venues/sim/trading.js';

export function tradeStack(db: Database, extraSink?: (event: EngineEvent) => void) {
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
  return { store, accounts, keys, engine, trading, service, admin, auth };
}
