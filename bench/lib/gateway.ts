/**
 * The benches' OTS server: the real gateway on an ephemeral port with one bench venue, the sim off, a
 * temporary data directory and a heartbeat timeout longer than any run (bench clients never ping).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, startGateway, type Venue } from '@ots/gateway';

export interface BenchGateway {
  gateway: Gateway;
  /** Closes the gateway and removes its data directory. */
  close(): Promise<void>;
}

export async function startBenchGateway(venue: Venue, name: string): Promise<BenchGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), `ots-bench-${name}-`));
  const gateway = await startGateway({
    port: 0,
    dataDir,
    logger: 'silent',
    venues: [venue],
    config: { sim: { enabled: false }, timers: { heartbeatTimeoutMs: 3_600_000 } },
  });
  return {
    gateway,
    close: async () => {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
