/**
 * Creating a ccxt (pro) exchange for a live exchange code. ccxt costs about 360 ms and 120 MB to
 * load, so it is imported lazily, the first time a live venue starts.
 */
import type { Exchange } from 'ccxt';
import type { LiveExchangeProfile } from './exchanges.js';

export type CcxtExchange = Exchange;
export type CcxtModule = typeof import('ccxt');

export interface Credentials {
  apiKey: string;
  secret: string;
  /** OKX only. */
  password?: string;
}

export interface CcxtClientOptions {
  /**
   * Rewrites every REST and websocket URL of the exchange, e.g. to a proxy, a testnet or the test
   * harness. A plain `ws://` result is allowed.
   */
  rewriteUrl?: (url: string) => string;
  credentials?: Credentials;
  /** Milliseconds before a REST call gives up (ccxt's `timeout`). */
  timeoutMs?: number;
}

let ccxtModule: Promise<typeof import('ccxt')> | undefined;

/** The ccxt module, loaded once. */
export function loadCcxt(): Promise<typeof import('ccxt')> {
  ccxtModule ??= import('ccxt');
  return ccxtModule;
}

export async function createCcxtExchange(
  profile: LiveExchangeProfile,
  options: CcxtClientOptions = {},
): Promise<CcxtExchange> {
  const ccxt = await loadCcxt();
  const ExchangeClass = (ccxt.pro as unknown as Record<string, new (config: object) => Exchange>)[
    profile.ccxtId
  ];
  if (!ExchangeClass) throw new Error(`ccxt has no pro exchange "${profile.ccxtId}"`);
  const exchange = new ExchangeClass({
    enableRateLimit: true,
    timeout: options.timeoutMs ?? 10_000,
    options: { ...profile.ccxtOptions },
    ...(options.credentials ?? {}),
  });
  // We need no currency list (it is a private call on some exchanges); the markets carry the codes.
  exchange.has.fetchCurrencies = false;
  profile.adaptClient?.(exchange, ccxt);
  if (options.rewriteUrl) {
    fillHostnames(exchange);
    rewriteLeaves(exchange.urls.api as Record<string, unknown>, options.rewriteUrl);
    // ccxt refuses plain ws:// URLs until its proxy agent module is loaded.
    await exchange.loadHttpProxyAgent();
  }
  return exchange;
}

function rewriteLeaves(node: Record<string, unknown>, rewrite: (url: string) => string): void {
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && /^(https?|wss?):\/\//.test(value)) node[key] = rewrite(value);
    else if (value && typeof value === 'object') rewriteLeaves(value as Record<string, unknown>, rewrite);
  }
}

/**
 * Some exchanges (htx, bithumb) keep URL templates such as `https://{hostname}` and fill them per
 * call; a template is not a URL that can be rewritten, so the hosts are filled in first: the
 * per-API host of `urls.hostnames` when there is one (htx: `contract` → api.hbdm.vn), otherwise the
 * exchange's `hostname`.
 */
function fillHostnames(exchange: Exchange): void {
  const hostnames = ((exchange.urls as Record<string, unknown>).hostnames ?? {}) as Record<string, unknown>;
  const fallback = (exchange as unknown as { hostname?: string }).hostname;
  const fill = (node: Record<string, unknown>, host: string | undefined): void => {
    for (const [key, value] of Object.entries(node)) {
      const own = typeof hostnames[key] === 'string' ? (hostnames[key] as string) : host;
      if (typeof value === 'string' && value.includes('{hostname}') && own)
        node[key] = value.replaceAll('{hostname}', own);
      else if (value && typeof value === 'object') fill(value as Record<string, unknown>, host);
    }
  };
  fill(exchange.urls.api as Record<string, unknown>, fallback);
}
