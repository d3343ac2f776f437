/** Starts a real gateway on 127.0.0.1:0 in a temp data directory, for the trade tests. */
import { type Gateway, type GatewayOptions, startGateway } from '../../src/index.js';
import { tempDir } from './trade-tmp.js';

export async function tradeGateway(
  t: { after(fn: () => unknown): void },
  options: GatewayOptions = {},
): Promise<Gateway> {
  const dataDir = options.dataDir ?? tempDir(t);
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    logger: 'silent',
    ...options,
    dataDir,
    // A slow market: the tests' far-from-market orders stay resting.
    config: { ...options.config, sim: { tickIntervalMs: 60_000, ...options.config?.sim } },
  });
  t.after(() => gateway.close());
  return gateway;
}
