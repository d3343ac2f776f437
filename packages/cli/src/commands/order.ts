/**
 * `ots order place|amend|cancel|cancel-all`: trading from the terminal through the signed REST API.
 * The account comes first so a line reads left to right: who, what, which side, at what price, how much.
 */
import { OtsError, type Side } from '@ots/protocol';
import { Account } from '@ots/sdk';
import { type FlagSpec, type ParsedArgs, parseArgs, stringFlag } from '../args.js';
import { CREDENTIAL_FLAGS, resolveCredentials } from '../credentials.js';
import { CREDENTIALS_NOTE, helpText } from '../help.js';
import {
  type FailureContext,
  HELP_FLAG,
  JSON_FLAG,
  printJson,
  printLines,
  runReporting,
  wantsJson,
} from '../output.js';
import { formatNumber } from '../table.js';

const FLAGS: Record<string, FlagSpec> = {
  'client-oid': { value: true, help: 'place: your id for the order (generated when absent)' },
  'exchange-oid': { value: false, help: 'amend/cancel: the ids given are exchange_oids, not client_oids' },
  contract: { value: true, help: 'cancel-all: only orders of this contract' },
  ...CREDENTIAL_FLAGS,
  ...JSON_FLAG,
  ...HELP_FLAG,
};

export const ORDER_HELP = helpText({
  usage: `Usage:
  ots order place <account> <contract> <b|s> <price> <amount> [--client-oid ID]
  ots order amend <account> <oid> <price> <amount> [--exchange-oid]
  ots order cancel <account> <oid...> [--exchange-oid]
  ots order cancel-all <account> [--contract C]`,
  summary:
    'Places, amends and cancels orders. An oid is a client_oid unless --exchange-oid is given; `ots orders` shows both.',
  flags: FLAGS,
  notes: [CREDENTIALS_NOTE, "On a terminal a summary line; piped or with --json, the gateway's JSON answer."],
  examples: [
    'ots order place sim/demo sim/btc.usdt b 30000 0.01',
    'ots order amend sim/demo sim/btc.usdt-20260101120000abcdefghijklmn 30100 0.02',
    'ots order cancel sim/demo sim/btc.usdt-20260101120000abcdefghijklmn',
    'ots order cancel-all sim/demo --contract sim/btc.usdt',
  ],
});

type Action = (
  account: Account,
  args: string[],
  flags: ParsedArgs['flags'],
) => Promise<{ json: unknown; lines: string[] }>;

const ACTIONS: Record<string, Action> = {
  place: async (account, args, flags) => {
    need(args, 4, '<contract> <b|s> <price> <amount>');
    const [contract, sideText, priceText, amountText] = args;
    const side = parseSide(sideText);
    const price = positiveNumber(priceText, 'price');
    const amount = positiveNumber(amountText, 'amount');
    const placed = await account.placeOrder(contract, price, side, amount, {
      clientOid: stringFlag(flags, 'client-oid'),
    });
    return {
      json: placed,
      lines: [
        `placed ${side === 'b' ? 'buy' : 'sell'} ${formatNumber(amount)} ${contract} @ ${formatNumber(price)} on ${account.symbol}`,
        `  client_oid    ${placed.client_oid}`,
        `  exchange_oid  ${placed.exchange_oid}`,
      ],
    };
  },
  amend: async (account, args, flags) => {
    need(args, 3, '<oid> <price> <amount>');
    const [oid, priceText, amountText] = args;
    const price = positiveNumber(priceText, 'price');
    const amount = positiveNumber(amountText, 'amount');
    const answer = flags['exchange-oid']
      ? await account.amendOrderUseExchangeOid(oid, price, amount)
      : await account.amendOrderUseClientOid(oid, price, amount);
    return {
      json: answer,
      lines: [`amended ${oid}: price ${formatNumber(price)}, amount ${formatNumber(amount)}`],
    };
  },
  cancel: async (account, args, flags) => {
    need(args, 1, '<oid...>');
    const answer = flags['exchange-oid']
      ? await account.cancelUseExchangeOid(...args)
      : await account.cancelUseClientOid(...args);
    const list = Array.isArray(answer) ? answer : [answer];
    return { json: answer, lines: list.map((o) => `cancel requested: ${o.client_oid} (${o.exchange_oid})`) };
  },
  'cancel-all': async (account, args, flags) => {
    if (args.length > 0)
      throw usage(`cancel-all takes no oids (got ${args.join(' ')}); use --contract to narrow it`);
    const contract = stringFlag(flags, 'contract');
    const answer = await account.cancelAll(contract);
    return {
      json: answer,
      lines: [`cancelled every open order of ${account.symbol}${contract ? ` on ${contract}` : ''}`],
    };
  },
};

export function order(argv: string[]): Promise<number> {
  return runReporting('order', async (context: FailureContext) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.help || positionals.length === 0) {
      console.log(ORDER_HELP);
      return flags.help ? 0 : 2;
    }
    const [name, accountSymbol, ...args] = positionals;
    const action = ACTIONS[name];
    if (!action)
      throw usage(
        `unknown action ${JSON.stringify(name)}; expected one of ${Object.keys(ACTIONS).join(', ')}`,
      );
    if (accountSymbol === undefined)
      throw usage(`${name} needs an account first, e.g. ots order ${name} sim/demo ...`);
    const credentials = resolveCredentials({ flags, account: accountSymbol });
    context.url = credentials.url;
    const account = new Account(credentials.account, credentials);
    const result = await action(account, args, flags);
    if (wantsJson(flags)) printJson(result.json);
    else printLines(result.lines);
    return 0;
  });
}

function usage(message: string): OtsError {
  return new OtsError('invalid-param', `${message} (ots order --help shows the forms)`);
}

function need(args: string[], count: number, form: string): void {
  if (args.length < count) throw usage(`expected ${form} after the account, got ${args.length} argument(s)`);
  if (args.length > count && count > 1)
    throw usage(`expected ${form} after the account, got extra ${args.slice(count).join(' ')}`);
}

function parseSide(text: string): Side {
  const side = text.toLowerCase();
  if (side === 'b' || side === 'buy') return 'b';
  if (side === 's' || side === 'sell') return 's';
  throw usage(`side ${JSON.stringify(text)} is not b (buy) or s (sell)`);
}

function positiveNumber(text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw usage(`${what} ${JSON.stringify(text)} must be a positive number such as 30000 or 0.01`);
  }
  return value;
}
