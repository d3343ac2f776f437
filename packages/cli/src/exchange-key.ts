/**
 * A live account's exchange key for `ots accounts create okex/main --exchange okex`. Never from a
 * flag (shell history keeps flags): from `OTS_EXCHANGE_API_KEY`, `OTS_EXCHANGE_SECRET` and
 * `OTS_EXCHANGE_PASSPHRASE` (OKX only), else asked on the terminal (the secret and passphrase
 * without echo), else read from piped lines in that order.
 */
import { OtsError } from '@ots/protocol';
import { ask, readPipedLines } from './prompt.js';

/** Exchanges whose keys come with a passphrase. */
const NEEDS_PASSPHRASE = new Set(['okex', 'okswap']);

export interface ExchangeKeyInput {
  api_key: string;
  secret: string;
  passphrase?: string;
}

export async function readExchangeKey(
  exchange: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExchangeKeyInput> {
  const needsPassphrase = NEEDS_PASSPHRASE.has(exchange);
  let apiKey = env.OTS_EXCHANGE_API_KEY;
  let secret = env.OTS_EXCHANGE_SECRET;
  let passphrase = env.OTS_EXCHANGE_PASSPHRASE;
  const missing = !apiKey || !secret || (needsPassphrase && !passphrase);
  if (missing && process.stdin.isTTY) {
    apiKey ||= await ask(`${exchange} API key: `, false);
    secret ||= await ask(`${exchange} secret: `, true);
    if (needsPassphrase) passphrase ||= await ask(`${exchange} passphrase: `, true);
  } else if (missing) {
    const [lineKey, lineSecret, linePassphrase] = await readPipedLines();
    apiKey ||= lineKey;
    secret ||= lineSecret;
    if (needsPassphrase) passphrase ||= linePassphrase;
  }
  if (!apiKey || !secret || (needsPassphrase && !passphrase)) {
    throw new OtsError(
      'invalid-param',
      `no ${exchange} key: set OTS_EXCHANGE_API_KEY, OTS_EXCHANGE_SECRET${needsPassphrase ? ' and OTS_EXCHANGE_PASSPHRASE' : ''}, or run on a terminal to be asked (never as flags: shell history keeps them)`,
    );
  }
  return needsPassphrase ? { api_key: apiKey, secret, passphrase } : { api_key: apiKey, secret };
}
