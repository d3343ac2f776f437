/**
 * The gateway's configuration: every timer, limit and retention in one typed object with its
 * defaults, and the loader `ots serve` uses (flag beats env beats config file beats default).
 *
 * Timers are configurable so that tests run in milliseconds; the defaults are the protocol's.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MARKET_CONFIG, type EngineContract, type SyntheticContractConfig } from '@ots/engine';
import { OtsError } from '@ots/protocol';
import { DEFAULT_AUTH_TIMEOUT_MS } from './account-ws/account-socket.js';
import { DEFAULT_NONCE_WINDOW } from './auth/nonce-window.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './auth/rate-limiter.js';
import { DEFAULT_BODY_LIMIT } from './trade/routes.js';

export interface TimerConfig {
  /** A socket without a `ping` for this long is closed (not on `/quote/ws`, whose SDK never pings). */
  heartbeatTimeoutMs: number;
  /** tick-v3: a full snapshot replaces the next diff this often, per contract. */
  tickV3SnapshotMs: number;
  /** low-freq-quote-v2: how often subscribers get price and 24 h rise. */
  lowFreqIntervalMs: number;
  /** How often congested sockets are checked for room to send their conflated frames. */
  congestionCheckMs: number;
  /** Trades are written to SQLite in batches this often (and before every read). */
  storeFlushMs: number;
  /** How often trades and candles past their retention are deleted. */
  retentionSweepMs: number;
}

export interface LimitConfig {
  /** Different contracts (candle: contract/duration pairs) one connection may subscribe. */
  maxContractsPerConnection: number;
  /** Websocket connections per client IP; 0 = unlimited. */
  maxConnectionsPerIp: number;
  /** Bytes per second sent to one client IP (all its sockets) before they are closed; 0 = unlimited. */
  maxBytesPerSecondPerIp: number;
  /** Apply the per-IP limits to loopback clients too (off by default: local tools are trusted). */
  limitLoopback: boolean;
  /** A client frame over this many bytes is answered with `payload-too-large`; the socket stays open. */
  softFrameBytes: number;
  /** A client frame over this many bytes closes the socket (1009). */
  hardFrameBytes: number;
  /** A socket with more than this many bytes unsent gets conflated ticks (latest per contract). */
  slowClientBytes: number;
  /** Zhubi frames held for a congested socket before it is closed as too slow. */
  zhubiQueueFrames: number;
  /** A socket with more than this many bytes unsent is closed whatever it subscribed. */
  hardBufferBytes: number;
  /** Largest `size` of `/quote/zhubi`. */
  zhubiMaxSize: number;
  /** Largest number of candles one `/quote/candles` request returns. */
  candlesMaxCount: number;
}

export interface RetentionConfig {
  /** Trades (zhubi) older than this are deleted; 0 keeps them forever. */
  tradesHours: number;
  /** One-minute candles older than this are deleted; 0 keeps them forever. */
  candlesDays: number;
}

export interface ValuationConfig {
  /** The currency that turnover (tick `amount`, zhubi v3 `v`, candle `amount`) is valued in first. */
  currency: string;
  /** CNY per unit of that currency: the protocol calls these figures CNY. */
  cnyRate: number;
}

export interface SimConfig {
  /** Run the sim venue (its engine and synthetic market). */
  enabled: boolean;
  /** Seed of the synthetic market; the same seed gives the same market. */
  seed: number;
  /** How often the synthetic market steps and the sim venue publishes ticks. */
  tickIntervalMs: number;
  /** Depth levels per side in sim ticks. */
  depthLevels: number;
  /** The sim exchange's contracts; default `DEFAULT_SIM_CONTRACTS` of @ots/engine. */
  contracts?: EngineContract[];
  /** The synthetic market's agents per contract; default `DEFAULT_MARKET_CONFIG` of @ots/engine (seed above). */
  market?: SyntheticContractConfig[];
}

/** The private trading API (`startGateway({ trade })` overrides these key by key). */
export interface TradeConfig {
  /** Largest request body of the private API, in bytes (413 `payload-too-large` above it). */
  bodyLimit: number;
  /** Rate limit of keys created without their own; `ratePerSecond: 0` turns it off. */
  defaultRateLimit: RateLimit;
  /** Accepted nonces remembered (and stored) per key: concurrent requests may arrive this far out of order. */
  nonceWindow: number;
  /** The account websocket closes a socket that has not authenticated after this long. */
  authTimeoutMs: number;
  /** WAL checkpoints run in a worker thread this often; 0 leaves them to SQLite (inside a commit). */
  checkpointMs: number;
  /**
   * Trade commits are written by a worker thread with its own connection, off the request thread; it
   * pays where cores are spare (on two cores it costs more CPU in all than it saves). Default false.
   */
  commitThread: boolean;
}

export interface GatewayConfig {
  timers: TimerConfig;
  limits: LimitConfig;
  retention: RetentionConfig;
  valuation: ValuationConfig;
  /** Origins allowed by CORS for browser clients (`*` allows any); none by default. */
  corsOrigins: string[];
  sim: SimConfig;
  /** Live exchanges to turn on (`okex`, `okswap`, `gate`, `binance`, ...); none by default (ccxt stays unloaded). */
  exchanges: string[];
  /** Contracts to stream per live exchange (`{"okex": ["okex/btc.usdt"]}`); an exchange not listed streams every market. */
  exchangeContracts: Record<string, string[]>;
  trade: TradeConfig;
}

export const DEFAULT_CONFIG: GatewayConfig = {
  timers: {
    heartbeatTimeoutMs: 30_000,
    tickV3SnapshotMs: 30_000,
    lowFreqIntervalMs: 1_000,
    congestionCheckMs: 50,
    storeFlushMs: 250,
    retentionSweepMs: 60_000,
  },
  limits: {
    maxContractsPerConnection: 50,
    maxConnectionsPerIp: 30,
    maxBytesPerSecondPerIp: 1_000_000,
    limitLoopback: false,
    softFrameBytes: 4_096,
    hardFrameBytes: 65_536,
    slowClientBytes: 256 * 1024,
    zhubiQueueFrames: 1_000,
    hardBufferBytes: 16 * 1024 * 1024,
    zhubiMaxSize: 2_000,
    candlesMaxCount: 15_000,
  },
  retention: { tradesHours: 24 * 7, candlesDays: 90 },
  valuation: { currency: 'usdt', cnyRate: 1 },
  corsOrigins: [],
  sim: { enabled: true, seed: DEFAULT_MARKET_CONFIG.seed, tickIntervalMs: 250, depthLevels: 20 },
  exchanges: [],
  exchangeContracts: {},
  trade: {
    bodyLimit: DEFAULT_BODY_LIMIT,
    defaultRateLimit: DEFAULT_RATE_LIMIT,
    nonceWindow: DEFAULT_NONCE_WINDOW,
    authTimeoutMs: DEFAULT_AUTH_TIMEOUT_MS,
    checkpointMs: 1_000,
    commitThread: false,
  },
};

/** A partial configuration, as a config file or a test gives it. */
export type GatewayConfigInput = {
  [K in keyof GatewayConfig]?: GatewayConfig[K] extends unknown[]
    ? GatewayConfig[K]
    : Partial<GatewayConfig[K]>;
};

/** Fills in defaults and checks every value, naming the key of a bad one. */
export function resolveConfig(input: GatewayConfigInput = {}): GatewayConfig {
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(DEFAULT_CONFIG, key))
      throw configError(key, `one of ${Object.keys(DEFAULT_CONFIG).join(', ')}`);
  }
  const config: GatewayConfig = {
    timers: { ...DEFAULT_CONFIG.timers, ...input.timers },
    limits: { ...DEFAULT_CONFIG.limits, ...input.limits },
    retention: { ...DEFAULT_CONFIG.retention, ...input.retention },
    valuation: { ...DEFAULT_CONFIG.valuation, ...input.valuation },
    corsOrigins: input.corsOrigins ?? DEFAULT_CONFIG.corsOrigins,
    sim: { ...DEFAULT_CONFIG.sim, ...input.sim },
    exchanges: input.exchanges ?? DEFAULT_CONFIG.exchanges,
    exchangeContracts: { ...DEFAULT_CONFIG.exchangeContracts, ...input.exchangeContracts } as Record<
      string,
      string[]
    >,
    trade: {
      ...DEFAULT_CONFIG.trade,
      ...input.trade,
      defaultRateLimit: mergeObject(DEFAULT_CONFIG.trade.defaultRateLimit, input.trade?.defaultRateLimit),
    },
  };
  for (const section of ['timers', 'limits', 'retention', 'sim'] as const) {
    for (const [key, value] of Object.entries(config[section])) {
      if (section === 'sim' && (key === 'contracts' || key === 'market')) {
        if (value !== undefined && !Array.isArray(value)) throw configError(`sim.${key}`, 'a list');
        continue;
      }
      const expected = typeof (DEFAULT_CONFIG[section] as unknown as Record<string, unknown>)[key];
      if (expected === 'undefined') throw configError(`${section}.${key}`, 'a known key');
      if (typeof value !== expected) throw configError(`${section}.${key}`, `a ${expected}`);
      if (expected === 'number' && !(Number.isFinite(value) && (value as number) >= 0)) {
        throw configError(`${section}.${key}`, 'a number >= 0');
      }
    }
  }
  for (const key of [
    'heartbeatTimeoutMs',
    'tickV3SnapshotMs',
    'lowFreqIntervalMs',
    'congestionCheckMs',
  ] as const) {
    if (config.timers[key] <= 0) throw configError(`timers.${key}`, 'a number > 0');
  }
  if (config.sim.tickIntervalMs <= 0) throw configError('sim.tickIntervalMs', 'a number > 0');
  if (!(config.valuation.cnyRate > 0)) throw configError('valuation.cnyRate', 'a number > 0');
  if (typeof config.valuation.currency !== 'string' || !config.valuation.currency) {
    throw configError('valuation.currency', 'a currency code such as usdt');
  }
  if (!Array.isArray(config.corsOrigins) || config.corsOrigins.some((o) => typeof o !== 'string')) {
    throw configError('corsOrigins', 'a list of origins such as ["http://localhost:5173"]');
  }
  if (!Array.isArray(config.exchanges) || config.exchanges.some((e) => typeof e !== 'string' || e === '')) {
    throw configError('exchanges', 'a list of exchange codes such as ["okex", "gate", "binance"]');
  }
  for (const [code, contracts] of Object.entries(config.exchangeContracts)) {
    if (
      !Array.isArray(contracts) ||
      contracts.some((c) => typeof c !== 'string' || !c.startsWith(`${code}/`))
    ) {
      throw configError(
        `exchangeContracts.${code}`,
        `a list of ${code} contracts such as ["${code}/btc.usdt"]`,
      );
    }
  }
  checkTradeConfig(config.trade);
  return config;
}

/** `value` over `defaults` key by key when it is an object; anything else stays as it is, to be refused. */
function mergeObject<T extends object>(defaults: T, value: unknown): T {
  if (value === undefined) return defaults;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value as T;
  return { ...defaults, ...value };
}

/** The `trade` section: whole numbers, positive where zero would make the gateway unusable. */
function checkTradeConfig(trade: TradeConfig): void {
  for (const key of Object.keys(trade)) {
    if (!Object.hasOwn(DEFAULT_CONFIG.trade, key)) throw configError(`trade.${key}`, 'a known key');
  }
  const whole = (key: string, value: unknown, min: number) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw configError(key, `a whole number >= ${min}`);
    }
  };
  whole('trade.bodyLimit', trade.bodyLimit, 1);
  whole('trade.nonceWindow', trade.nonceWindow, 1);
  whole('trade.authTimeoutMs', trade.authTimeoutMs, 1);
  whole('trade.checkpointMs', trade.checkpointMs, 0);
  if (typeof trade.commitThread !== 'boolean') throw configError('trade.commitThread', 'true or false');
  const limit = trade.defaultRateLimit as unknown;
  if (!limit || typeof limit !== 'object' || Array.isArray(limit)) {
    throw configError('trade.defaultRateLimit', 'an object such as {"ratePerSecond": 50, "burst": 100}');
  }
  for (const key of Object.keys(limit)) {
    if (key !== 'ratePerSecond' && key !== 'burst')
      throw configError(`trade.defaultRateLimit.${key}`, 'ratePerSecond or burst');
  }
  const { ratePerSecond, burst } = trade.defaultRateLimit;
  if (typeof ratePerSecond !== 'number' || !(Number.isFinite(ratePerSecond) && ratePerSecond >= 0)) {
    throw configError('trade.defaultRateLimit.ratePerSecond', 'a number >= 0 (0 = unlimited)');
  }
  whole('trade.defaultRateLimit.burst', burst, ratePerSecond > 0 ? 1 : 0);
}

function configError(key: string, expected: string): OtsError {
  return new OtsError('invalid-param', `config ${key}: expected ${expected}`);
}

/** Where and how `ots serve` runs: the listen address, data directory and the gateway config. */
export interface ServeSettings {
  host: string;
  port: number;
  dataDir: string;
  config: GatewayConfigInput;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8700;
export const DEFAULT_DATA_DIR = './data';

/**
 * Resolves `ots serve`'s settings: flag beats env (`OTS_HOST`, `OTS_PORT`, `OTS_DATA_DIR`) beats
 * the JSON config file (`--config FILE`, keys `host`, `port`, `dataDir` and the `GatewayConfig`
 * sections) beats the default.
 */
export function resolveServeSettings(
  flags: { host?: string; port?: string; data?: string; config?: string; exchanges?: string },
  env: Record<string, string | undefined> = process.env,
): ServeSettings {
  const file = flags.config ? readConfigFile(flags.config) : {};
  const { host: fileHost, port: filePort, dataDir: fileDataDir, ...config } = file;
  const host = flags.host ?? env.OTS_HOST ?? (fileHost as string | undefined) ?? DEFAULT_HOST;
  const portText = flags.port ?? env.OTS_PORT ?? (filePort === undefined ? undefined : String(filePort));
  const dataDir = flags.data ?? env.OTS_DATA_DIR ?? (fileDataDir as string | undefined) ?? DEFAULT_DATA_DIR;
  if (typeof host !== 'string' || host === '') throw configError('host', 'a bind address such as 127.0.0.1');
  if (typeof dataDir !== 'string' || dataDir === '') throw configError('dataDir', 'a directory path');
  // `--exchanges okex,gate,binance` replaces the config file's list.
  if (flags.exchanges !== undefined) {
    config.exchanges = flags.exchanges
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean);
  }
  return { host, port: parsePort(portText), dataDir, config: config as GatewayConfigInput };
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw configError('port', `a port number 0..65535, got ${JSON.stringify(text)}`);
  }
  return port;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new OtsError('invalid-param', `config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new OtsError('invalid-param', `config file ${path} is not JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OtsError('invalid-param', `config file ${path}: expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
