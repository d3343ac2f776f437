/**
 * A gateway in its own process, for the durability test (which kills it with SIGKILL):
 * `node --import tsx trade-server.ts <dataDir> [commit-thread]` prints `{"url": ...}` once it listens;
 * `commit-thread` turns on `trade.commitThread`.
 */
import { startGateway } from '../../src/index.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: trade-server.ts <dataDir>');
const gateway = await startGateway({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  logger: 'silent',
  config: { sim: { tickIntervalMs: 50 } },
  trade: {
    defaultRateLimit: { ratePerSecond: 0, burst: 0 },
    commitThread: process.argv[3] === 'commit-thread',
  },
});
process.stdout.write(`${JSON.stringify({ url: gateway.url })}\n`);
process.on('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
