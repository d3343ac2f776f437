/**
 * `ots orders [account] [--state S] [--contract C]`: an account's orders (GET .../orders).
 */
import { Account, type Order } from '@ots/sdk';
import { type FlagSpec, parseArgs, stringFlag } from '../args.js';
import { CREDENTIAL_FLAGS, resolveCredentials } from '../credentials.js';
import { CREDENTIALS_NOTE, helpText, OUTPUT_NOTE } from '../help.js';
import { HELP_FLAG, JSON_FLAG, printJson, printLines, runReporting, wantsJson } from '../output.js';
import { formatNumber, formatTime, renderTable } from '../table.js';

const FLAGS: Record<string, FlagSpec> = {
  state: {
    value: true,
    help: 'a status (pending, dealt, withdrawn, ...) or a group: active (default), end, all',
  },
  contract: { value: true, help: 'only orders of this contract, e.g. sim/btc.usdt' },
  ...CREDENTIAL_FLAGS,
  ...JSON_FLAG,
  ...HELP_FLAG,
};

export const ORDERS_HELP = helpText({
  usage: 'Usage: ots orders [account] [flags]',
  summary: "Lists an account's orders: the open ones unless --state says otherwise.",
  flags: FLAGS,
  notes: [CREDENTIALS_NOTE, OUTPUT_NOTE],
  examples: ['ots orders sim/demo', 'ots orders sim/demo --state all --contract sim/btc.usdt'],
});

export function orders(argv: string[]): Promise<number> {
  return runReporting('orders', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.help) {
      console.log(ORDERS_HELP);
      return 0;
    }
    const credentials = resolveCredentials({ flags, account: positionals[0] });
    context.url = credentials.url;
    const account = new Account(credentials.account, credentials);
    const list = await account.getOrderList(stringFlag(flags, 'contract'), stringFlag(flags, 'state'));
    if (wantsJson(flags)) printJson(list);
    else printLines(ordersTable(list));
    return 0;
  });
}

export function ordersTable(list: readonly Order[]): string[] {
  return renderTable(
    [
      { title: 'client_oid' },
      { title: 'exchange_oid' },
      { title: 'contract' },
      { title: 'bs' },
      { title: 'price', align: 'right' },
      { title: 'amount', align: 'right' },
      { title: 'dealt', align: 'right' },
      { title: 'avg price', align: 'right' },
      { title: 'status' },
      { title: 'entrust time' },
    ],
    list.map((o) => [
      o.client_oid,
      o.exchange_oid,
      o.contract,
      o.bs,
      formatNumber(o.entrust_price),
      formatNumber(o.entrust_amount),
      formatNumber(o.dealt_amount),
      o.dealt_amount > 0 ? formatNumber(o.average_dealt_price) : '-',
      o.status,
      formatTime(o.entrust_time),
    ]),
    '(no orders)',
  );
}
