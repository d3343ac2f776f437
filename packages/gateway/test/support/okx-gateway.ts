/**
 * The live tests' gateway on the fake OKX: the harness server serving the fake (or a wrapper of it,
 * such as a switchable one), a BTC-USDT book and last price seeded, and the real gateway streaming
 * `okex/btc.usdt` from it with the sim venue off, every exchange URL rewritten to the harness.
 */
import { type Gateway, startGateway } from '../../src/gateway.js';
import type { FakeOkx } from './fake-exchange/okx.js';
import { type Dialect, FakeExchangeServer, harnessUrl } from './fake-exchange/server.js';

export interface OkxGateway {
  gateway: Gateway;
  server: FakeExchangeServer;
  /** Closes the gateway, then the harness server. */
  stop(): Promise<void>;
}

export async function startOkxGateway(options: {
  okx: FakeOkx;
  dataDir: string;
  /** What the harness serves as `okx`; the fake itself unless a test wraps it. */
  dialect?: Dialect;
}): Promise<OkxGateway> {
  const { okx } = options;
  const server = await new FakeExchangeServer([options.dialect ?? okx]).start();
  okx.book('BTC-USDT').set([[100, 1]], [[101, 2]]);
  okx.lastPrices.set('BTC-USDT', 100.5);
  const gateway = await startGateway({
    dataDir: options.dataDir,
    port: 0,
    logger: 'silent',
    config: { exchanges: ['okex'], exchangeContracts: { okex: ['okex/btc.usdt'] }, sim: { enabled: false } },
    liveRewriteUrl: (url) => harnessUrl(server.origin, 'okx', url),
  });
  return {
    gateway,
    server,
    stop: async () => {
      await gateway.close();
      await server.stop();
    },
  };
}
