/**
 * The quote tests' gateway: the real one, in-process on an ephemeral port with a temporary data
 * directory and a silent logger, closed (and its directory removed) when the test ends. The sim
 * venue is off unless a test asks for it; a `ManualVenue` (`test` exchange) gives exact ticks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, type GatewayConfigInput, ManualVenue, startGateway } from '@ots/gateway';
import { Tick, Zhubi } from '@ots/protocol';

export interface QuoteGateway {
  gateway: Gateway;
  venue: ManualVenue;
  dataDir: string;
  /** `ws://127.0.0.1:PORT/api/v1` + path. */
  ws(path: string): string;
  /** `http://127.0.0.1:PORT` + path. */
  http(path: string): string;
}

export const TEST_CONTRACTS = ['btc.usdt', 'eth.usdt', 'eth.btc'];

export async function startQuoteGateway(
  t: { after(fn: () => Promise<void> | void): void },
  options: { config?: GatewayConfigInput; contracts?: string[]; sim?: boolean } = {},
): Promise<QuoteGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-quote-'));
  const venue = new ManualVenue('test', options.contracts ?? TEST_CONTRACTS);
  const config = options.config ?? {};
  const gateway = await startGateway({
    port: 0,
    dataDir,
    logger: 'silent',
    venues: [venue],
    config: { ...config, sim: { enabled: options.sim ?? false, ...config.sim } },
  });
  t.after(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const wsBase = gateway.url.replace(/^http/, 'ws');
  return {
    gateway,
    venue,
    dataDir,
    ws: (path) => `${wsBase}/api/v1${path}`,
    http: (path) => `${gateway.url}${path}`,
  };
}

let clock = Date.UTC(2026, 0, 5, 12, 0, 0) * 1000;

/** A tick of the test venue with `levels` levels per side around `price`. */
export function testTick(
  contract: string,
  price: number,
  options: { levels?: number; volume?: number } = {},
): Tick {
  clock += 1000;
  const levels = options.levels ?? 3;
  const bids = Array.from({ length: levels }, (_, i) => ({ price: price - 1 - i, volume: 1 + i / 10 }));
  const asks = Array.from({ length: levels }, (_, i) => ({ price: price + 1 + i, volume: 2 + i / 10 }));
  return new Tick({
    time: clock / 1e6,
    exchange_time: (clock - 500) / 1e6,
    price,
    volume: options.volume ?? 0.5,
    amount: (options.volume ?? 0.5) * price,
    bids,
    asks,
    contract,
  });
}

/** A trade of the test venue at `timeS` epoch seconds (default now). */
export function testTrade(contract: string, price: number, amount: number, timeS = Date.now() / 1000): Zhubi {
  return new Zhubi({ time: timeS, exchange_time: timeS, contract, price, amount, bs: 'b' });
}
