/**
 * The real gateway for the SDK's tests: in-process on 127.0.0.1, port 0, a temporary data directory,
 * a silent logger and short timers. A `ManualVenue` (exchange `test`) gives exact ticks and trades;
 * the sim venue (exchange `sim`) is there for trading. `restart()` stops it and starts it again on the
 * same port and data directory, as a crashed and restarted server would be.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, type GatewayConfigInput, ManualVenue, startGateway } from '@ots/gateway';
import { Tick, Zhubi } from '@ots/protocol';

export const TEST_CONTRACTS = ['btc.usdt', 'eth.usdt', 'eth.btc'];

export interface TestGateway {
  gateway: Gateway;
  venue: ManualVenue;
  /** `http://127.0.0.1:PORT`, the origin users give the SDK. */
  url: string;
  /** Stops the gateway (every socket drops); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface TestGatewayOptions {
  contracts?: string[];
  config?: GatewayConfigInput;
  /** Run the sim venue's synthetic market (off unless asked: tests push exact ticks). */
  simMarket?: boolean;
}

export async function startTestGateway(
  t: { after(fn: () => Promise<void> | void): void },
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-sdk-'));
  const contracts = options.contracts ?? TEST_CONTRACTS;
  let port = 0;
  let venue = new ManualVenue('test', contracts);
  let gateway: Gateway | undefined;
  const start = async () => {
    venue = new ManualVenue('test', contracts);
    const config = options.config ?? {};
    gateway = await startGateway({
      host: '127.0.0.1',
      port,
      dataDir,
      logger: 'silent',
      venues: [venue],
      config: {
        ...config,
        timers: { heartbeatTimeoutMs: 5_000, ...config.timers },
        // The sim venue stays for its accounts; its market only moves when a test asks.
        sim: { tickIntervalMs: options.simMarket ? 50 : 3_600_000, ...config.sim },
      },
    });
    port = gateway.port;
  };
  await start();
  const handle: TestGateway = {
    get gateway() {
      return gateway!;
    },
    get venue() {
      return venue;
    },
    get url() {
      return gateway!.url;
    },
    stop: async () => {
      await gateway?.close();
      gateway = undefined;
    },
    start,
  };
  t.after(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return handle;
}

let clock = Date.UTC(2026, 0, 5, 12, 0, 0) * 1000;

/** A tick of the test venue with `levels` levels per side around `price`. */
export function testTick(contract: string, price: number, levels = 3): Tick {
  clock += 1000;
  return new Tick({
    time: clock / 1e6,
    exchange_time: (clock - 500) / 1e6,
    price,
    volume: 0.5,
    amount: 0.5 * price,
    bids: Array.from({ length: levels }, (_, i) => ({ price: price - 1 - i, volume: 1 + i / 10 })),
    asks: Array.from({ length: levels }, (_, i) => ({ price: price + 1 + i, volume: 2 + i / 10 })),
    contract,
  });
}

/** A trade of the test venue, now. */
export function testTrade(contract: string, price: number, amount: number): Zhubi {
  const now = Date.now() / 1000;
  return new Zhubi({ time: now, exchange_time: now, contract, price, amount, bs: 'b' });
}

/** Collects values and resolves waiters when a predicate over them holds. */
export class Collector<T> {
  readonly values: T[] = [];
  private waiters: Array<() => void> = [];

  readonly push = (value: T): void => {
    this.values.push(value);
    for (const waiter of [...this.waiters]) waiter();
  };

  until(predicate: (values: T[]) => boolean): Promise<void> {
    if (predicate(this.values)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (predicate(this.values)) {
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }

  /** Resolves once `count` values arrived. */
  count(count: number): Promise<void> {
    return this.until((values) => values.length >= count);
  }
}
