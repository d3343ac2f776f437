/** The fake-exchange harness: see server.ts. */
export { BaseDialect } from './base-dialect.js';
export { Collector } from './collector.js';
export { FakeBook, FakeLedger } from './ledger.js';
export { FakeOkx } from './okx.js';
export { FakeExchangeServer, harnessUrl } from './server.js';

import { harnessUrl } from './server.js';

/** The `rewriteUrl` option that points a live venue (ccxt id `id`) at a running harness. */
export function pointAt(origin: string, id: string): (url: string) => string {
  return (url) => harnessUrl(origin, id, url);
}
