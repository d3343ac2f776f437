/**
 * What the CLI says when a command fails: the error's code, its message, and a hint that names the
 * next thing to try. Exit codes: 2 for a command line the CLI could not use, 1 for everything else.
 */
import { isOtsError } from '@ots/protocol';

const HINTS: Record<string, string> = {
  'invalid-api-key':
    'run `ots login` with a key from `ots keys create`, or check OTS_API_KEY / OTS_API_SECRET',
  'no-valid-authentication': 'run `ots login`, or set OTS_API_KEY and OTS_API_SECRET',
  'no-permission':
    'this key is not allowed on that account: `ots keys list` shows which accounts each key has',
  'account-not-exist': '`ots accounts list` shows the accounts; `ots accounts create` makes one',
  'contract-not-exist':
    'contracts look like sim/btc.usdt (exchange/base.quote); the gateway lists its own at /api/v1/basic/contracts',
  'client_oid-not-found': '`ots orders <account> --state all` lists the orders and their client_oid',
  'exchange_oid-not-found': '`ots orders <account> --state all` lists the orders and their exchange_oid',
  'exg-place-order-no-money':
    '`ots info <account>` shows what is available; `ots accounts deposit` adds funds on sim',
  'exg-place-order-error-price': "the price must be positive and on the contract's tick grid (min_change)",
  'exg-place-order-error-amount':
    "the amount must be on the contract's lot grid (unit_amount) and at least min_amount",
  'exg-place-order-min-notional': "price × amount is below the contract's minimum notional",
  'exg-cancel-order-not-exist': 'the order is already final; `ots orders <account> --state end` shows it',
  'account-halted': 'the operator halted this account: `ots accounts resume <account>`',
  'sdk-timeout': 'the gateway did not answer in time: is it overloaded, or is --url right?',
};

function gatewayDown(message: string): boolean {
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|socket hang up/i.test(message);
}

/** The hint for an error, if there is a useful one. */
export function hintFor(err: unknown, url?: string): string | undefined {
  if (!isOtsError(err)) return undefined;
  if (err.code === 'sdk-network-error' && gatewayDown(err.message)) {
    const where = url ? ` at ${url}` : '';
    return `no gateway answers${where}: start one with \`ots serve\` in another terminal, or pass --url`;
  }
  return HINTS[err.code];
}

/** The lines printed to stderr for a failed command. */
export function describeFailure(command: string, err: unknown, url?: string): string {
  if (!isOtsError(err)) {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return `ots ${command}: unexpected failure: ${text}`;
  }
  const hint = hintFor(err, url);
  return `ots ${command}: ${err.code}: ${err.message}${hint ? `\n  hint: ${hint}` : ''}`;
}

export function exitCodeOf(err: unknown): number {
  return isOtsError(err) && err.code === 'invalid-param' && err.status === 400 ? 2 : 1;
}
