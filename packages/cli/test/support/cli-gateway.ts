/**
 * A real gateway for CLI tests: port 0, a temporary data directory, fast sim ticks, silent logs;
 * an account with a deposit and a key; a profile path in the temp directory (never the real home).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, startGateway } from '@ots/gateway';

export interface CliGateway {
  gateway: Gateway;
  dir: string;
  account: string;
  apiKey: string;
  apiSecret: string;
  /** Environment for an `ots` child: the test's profile path, nothing from the user's. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startCliGateway(
  options: { account?: string; tickIntervalMs?: number } = {},
): Promise<CliGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'ots-cli-'));
  const gateway = await startGateway({
    port: 0,
    dataDir: join(dir, 'data'),
    logger: 'silent',
    config: { sim: { tickIntervalMs: options.tickIntervalMs ?? 50 } },
  });
  const account = options.account ?? 'sim/alice';
  gateway.admin.createAccount(account, { usdt: 100000, btc: 2 });
  const key = gateway.admin.createKey({ accounts: [account] });
  return {
    gateway,
    dir,
    account,
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    env: (extra = {}) => cleanEnv({ OTS_PROFILE: join(dir, 'profile.json'), ...extra }),
    close: async () => {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The process environment without any OTS_* setting of the person running the tests. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('OTS_')) env[name] = value;
  return { ...env, ...extra };
}
