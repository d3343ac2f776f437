/**
 * `ots accounts create|list|deposit|halt|resume|limits`: sim accounts, their funds, risk limits and
 * kill switch, through the running gateway's admin API. Every change is live at once.
 */
import { OtsError } from '@ots/protocol';
import { ADMIN_FLAGS, adminRequest, parseAmounts, resolveAdminTarget } from '../admin-client.js';
import { parseArgs, stringFlag } from '../args.js';
import { readExchangeKey } from '../exchange-key.js';
import { helpText, OUTPUT_NOTE } from '../help.js';
import { HELP_FLAG, JSON_FLAG, printJson, printLines, runReporting, wantsJson } from '../output.js';
import { formatNumber, renderTable } from '../table.js';

const LIMIT_FLAGS = {
  'max-order-amount': { value: true, help: 'limits: largest amount of one order ("none" clears)' },
  'max-order-notional': { value: true, help: 'limits: largest price × amount of one order ("none" clears)' },
  'max-open-orders': { value: true, help: 'limits: most open orders at once ("none" clears)' },
  'price-band': {
    value: true,
    help: 'limits: largest distance from the last price, as a fraction: 0.1 = ±10% ("none" clears)',
  },
};

const FLAGS = {
  ...ADMIN_FLAGS,
  deposit: { value: true, help: 'create/deposit: currency=amount pairs, e.g. usdt=100000,btc=2' },
  exchange: {
    value: true,
    help: 'create: a live account on this exchange; its key from OTS_EXCHANGE_API_KEY/_SECRET/_PASSPHRASE or a prompt',
  },
  ...LIMIT_FLAGS,
  ...JSON_FLAG,
  ...HELP_FLAG,
};

export const ACCOUNTS_HELP = helpText({
  usage: 'Usage: ots accounts <create|list|deposit|halt|resume|limits> [account] [flags]',
  summary: 'Manages sim accounts on the running gateway (admin API: loopback and admin token only).',
  flags: FLAGS,
  notes: [
    'create ACCOUNT [--deposit usdt=100000,btc=2]  creates an account (again: adds the deposit)',
    'create okex/main --exchange okex  a live account: the exchange key is read from the environment or asked, never a flag',
    'deposit ACCOUNT usdt=100,btc=1 (or --deposit)  adds funds',
    'halt ACCOUNT  the kill switch: cancels every open order and refuses new ones; resume ACCOUNT lifts it',
    'limits ACCOUNT --max-order-amount 5 --price-band 0.1 ...  sets risk limits (all are off until set)',
    'The admin token is read from --data (the gateway’s data directory); the gateway from --url or OTS_URL.',
    OUTPUT_NOTE,
  ],
  examples: [
    'ots accounts create sim/alice --deposit usdt=100000,btc=2',
    'ots accounts deposit sim/alice usdt=5000',
    'ots accounts limits sim/alice --max-open-orders 50 --price-band 0.05',
    'ots accounts halt sim/alice',
    'ots accounts list',
  ],
});

interface AccountSummary {
  account: string;
  halted: boolean;
  limits: Record<string, number>;
  created_at: string;
  balances: Array<{ currency: string; available: number; frozen: number }>;
  cancelled?: number;
}

const pathOf = (account: string) => `/accounts/${account.split('/').map(encodeURIComponent).join('/')}`;

export function accounts(argv: string[]): Promise<number> {
  return runReporting('accounts', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const [action, account, ...rest] = positionals;
    if (flags.help || action === undefined) {
      console.log(ACCOUNTS_HELP);
      return flags.help ? 0 : 2;
    }
    const needAccount = () => {
      if (!account?.includes('/')) {
        throw new OtsError('invalid-param', `accounts ${action} needs an account such as sim/alice`);
      }
      return account;
    };
    const target = resolveAdminTarget(flags);
    context.url = target.url;
    let result: AccountSummary | AccountSummary[];
    switch (action) {
      case 'create': {
        const deposit = parseAmounts(stringFlag(flags, 'deposit') ?? rest.join(','));
        const exchange = stringFlag(flags, 'exchange');
        const symbol = needAccount();
        if (exchange !== undefined && symbol.slice(0, symbol.indexOf('/')) !== exchange) {
          throw new OtsError('invalid-param', `--exchange ${exchange} does not match the account ${symbol}`);
        }
        result = await adminRequest<AccountSummary>(target, 'POST', '/accounts', {
          account: symbol,
          deposit,
          ...(exchange === undefined ? {} : { exchange_key: await readExchangeKey(exchange) }),
        });
        break;
      }
      case 'list':
        result = await adminRequest<AccountSummary[]>(target, 'GET', '/accounts');
        break;
      case 'deposit': {
        const amounts = parseAmounts(stringFlag(flags, 'deposit') ?? rest.join(','));
        result = await adminRequest<AccountSummary>(
          target,
          'POST',
          `${pathOf(needAccount())}/deposit`,
          amounts,
        );
        break;
      }
      case 'halt':
        result = await adminRequest<AccountSummary>(target, 'POST', `${pathOf(needAccount())}/halt`);
        break;
      case 'resume':
        result = await adminRequest<AccountSummary>(target, 'POST', `${pathOf(needAccount())}/resume`);
        break;
      case 'limits': {
        const change: Record<string, number | null> = {};
        for (const flag of Object.keys(LIMIT_FLAGS)) {
          const value = stringFlag(flags, flag);
          if (value === undefined) continue;
          const number = Number(value);
          if (value !== 'none' && !Number.isFinite(number)) {
            throw new OtsError('invalid-param', `--${flag} ${value}: expected a number or "none"`);
          }
          change[flag.replaceAll('-', '_')] = value === 'none' ? null : number;
        }
        const path = pathOf(needAccount());
        result =
          Object.keys(change).length === 0
            ? await adminRequest<AccountSummary>(target, 'GET', path)
            : await adminRequest<AccountSummary>(target, 'PATCH', `${path}/limits`, change);
        break;
      }
      default:
        throw new OtsError(
          'invalid-param',
          `unknown accounts action "${action}": expected create, list, deposit, halt, resume or limits`,
        );
    }
    if (wantsJson(flags)) printJson(result);
    else printLines(accountsTable(Array.isArray(result) ? result : [result]));
    return 0;
  });
}

function accountsTable(list: readonly AccountSummary[]): string[] {
  const rows = list.flatMap((a) => {
    const limits =
      Object.entries(a.limits)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || 'none';
    const state = a.halted ? 'HALTED' : 'trading';
    const balances =
      a.balances.length > 0 ? a.balances : [{ currency: '-', available: Number.NaN, frozen: Number.NaN }];
    return balances.map((b, i) => [
      i === 0 ? a.account : '',
      i === 0 ? state : '',
      b.currency,
      formatNumber(b.available),
      formatNumber(b.frozen),
      i === 0 ? limits : '',
    ]);
  });
  const cancelled =
    list.length === 1 && list[0].cancelled !== undefined
      ? [`cancelled ${list[0].cancelled} open orders`]
      : [];
  return [
    ...renderTable(
      [
        { title: 'account' },
        { title: 'state' },
        { title: 'currency' },
        { title: 'available', align: 'right' },
        { title: 'frozen', align: 'right' },
        { title: 'limits' },
      ],
      rows,
      '(no accounts: ots accounts create sim/alice --deposit usdt=100000)',
    ),
    ...cancelled,
  ];
}
