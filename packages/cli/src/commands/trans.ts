/**
 * `ots trans [account] [--contract C]`: an account's fills (GET .../trans).
 */
import { Account, type DealtTrans } from '@ots/sdk';
import { type FlagSpec, parseArgs, stringFlag } from '../args.js';
import { CREDENTIAL_FLAGS, resolveCredentials } from '../credentials.js';
import { CREDENTIALS_NOTE, helpText, OUTPUT_NOTE } from '../help.js';
import { HELP_FLAG, JSON_FLAG, printJson, printLines, runReporting, wantsJson } from '../output.js';
import { formatNumber, formatTime, renderTable } from '../table.js';

const FLAGS: Record<string, FlagSpec> = {
  contract: { value: true, help: 'only fills of this contract, e.g. sim/btc.usdt' },
  ...CREDENTIAL_FLAGS,
  ...JSON_FLAG,
  ...HELP_FLAG,
};

export const TRANS_HELP = helpText({
  usage: 'Usage: ots trans [account] [flags]',
  summary: "Lists an account's fills (dealt transactions), with price, amount, maker/taker and commission.",
  flags: FLAGS,
  notes: [CREDENTIALS_NOTE, OUTPUT_NOTE],
  examples: ['ots trans sim/demo', 'ots trans sim/demo --contract sim/btc.usdt --json'],
});

export function trans(argv: string[]): Promise<number> {
  return runReporting('trans', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.help) {
      console.log(TRANS_HELP);
      return 0;
    }
    const credentials = resolveCredentials({ flags, account: positionals[0] });
    context.url = credentials.url;
    const account = new Account(credentials.account, credentials);
    const fills = await account.getDealtTrans(stringFlag(flags, 'contract'));
    if (wantsJson(flags)) printJson(fills);
    else printLines(transTable(fills));
    return 0;
  });
}

export function transTable(fills: readonly DealtTrans[]): string[] {
  return renderTable(
    [
      { title: 'time' },
      { title: 'contract' },
      { title: 'bs' },
      { title: 'price', align: 'right' },
      { title: 'amount', align: 'right' },
      { title: 'type' },
      { title: 'commission', align: 'right' },
      { title: 'client_oid' },
      { title: 'exchange_tid' },
    ],
    fills.map((f) => [
      formatTime(f.dealt_time),
      f.contract,
      f.bs,
      formatNumber(f.dealt_price),
      formatNumber(f.dealt_amount),
      f.dealt_type,
      `${formatNumber(f.commission)} ${f.commission_currency}`,
      f.client_oid,
      f.exchange_tid,
    ]),
    '(no fills)',
  );
}
