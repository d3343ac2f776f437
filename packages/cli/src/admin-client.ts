/**
 * The CLI's client of the gateway's admin API (`/api/v1/admin/...`), used by `ots keys` and
 * `ots accounts`. The admin API answers only on loopback and only to the token the gateway writes
 * into its data directory (`admin.token`, mode 0600), so the CLI needs the same `--data` directory
 * as `ots serve` and the gateway's `--url`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OtsError } from '@ots/protocol';
import { type FlagSpec, type ParsedArgs, stringFlag } from './args.js';
import { URL_FLAGS } from './credentials.js';

const DEFAULT_URL = 'http://127.0.0.1:8700';
const DEFAULT_DATA_DIR = './data';
const TOKEN_FILE = 'admin.token';

export const ADMIN_FLAGS: Record<string, FlagSpec> = {
  ...URL_FLAGS,
  data: {
    value: true,
    help: "the gateway's data directory, holding admin.token (env OTS_DATA_DIR, default ./data)",
  },
};

export interface AdminTarget {
  url: string;
  token: string;
}

/** The gateway URL (flag, `OTS_URL`, default) and the admin token read from the data directory. */
export function resolveAdminTarget(
  flags: ParsedArgs['flags'],
  env: NodeJS.ProcessEnv = process.env,
): AdminTarget {
  const url = stringFlag(flags, 'url') || env.OTS_URL || DEFAULT_URL;
  const dataDir = stringFlag(flags, 'data') || env.OTS_DATA_DIR || DEFAULT_DATA_DIR;
  const path = join(resolve(dataDir), TOKEN_FILE);
  let token: string;
  try {
    token = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new OtsError(
      'no-valid-authentication',
      `cannot read the admin token ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ` +
        'pass the data directory of the running gateway with --data (the one `ots serve --data` uses)',
    );
  }
  return { url: url.replace(/\/+$/, ''), token };
}

/** One admin call; a failure throws the server's `OtsError` (or `sdk-network-error`). */
export async function adminRequest<T>(
  target: AdminTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${target.url}/api/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new OtsError('sdk-network-error', `${(err as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new OtsError('sdk-not-json', `the gateway answered ${res.status} with a body that is not JSON`);
  }
  if (!res.ok) throw OtsError.fromBody(parsed, res.status);
  return parsed as T;
}

/** `usdt=100000,btc=2` → `{ usdt: 100000, btc: 2 }`. */
export function parseAmounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [currency, amount, extra] = part.split('=');
    const value = Number(amount);
    if (!currency || amount === undefined || extra !== undefined || !Number.isFinite(value) || value <= 0) {
      throw new OtsError(
        'invalid-param',
        `"${part}" is not currency=amount: expected e.g. usdt=100000,btc=2 with positive amounts`,
      );
    }
    out[currency.trim().toLowerCase()] = value;
  }
  return out;
}
