/**
 * `ots info [account]`: an account's balance and positions (GET .../info).
 */
import { Account, type InfoData } from '@ots/sdk';
import { parseArgs } from '../args.js';
import { CREDENTIAL_FLAGS, resolveCredentials } from '../credentials.js';
import { CREDENTIALS_NOTE, helpText, OUTPUT_NOTE } from '../help.js';
import { HELP_FLAG, JSON_FLAG, printJson, printLines, runReporting, wantsJson } from '../output.js';
import { formatNumber, renderTable } from '../table.js';

const FLAGS = { ...CREDENTIAL_FLAGS, ...JSON_FLAG, ...HELP_FLAG };

export const INFO_HELP = helpText({
  usage: 'Usage: ots info [account] [flags]',
  summary: "Shows an account's balance and positions (the account defaults to the profile's).",
  flags: FLAGS,
  notes: [
    "balance = cash + market_value, valued in the gateway's valuation currency (usdt by default), which the protocol calls CNY.",
    CREDENTIALS_NOTE,
    OUTPUT_NOTE,
  ],
  examples: ['ots info sim/demo', 'ots info sim/demo --json | jq .balance'],
});

export function info(argv: string[]): Promise<number> {
  return runReporting('info', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.help) {
      console.log(INFO_HELP);
      return 0;
    }
    const credentials = resolveCredentials({ flags, account: positionals[0] });
    context.url = credentials.url;
    const account = new Account(credentials.account, credentials);
    const result = await account.getInfo();
    if (wantsJson(flags)) printJson(result.data);
    else printLines(infoTable(account.symbol, result.data));
    return 0;
  });
}

export function infoTable(symbol: string, data: InfoData): string[] {
  const rows = (data.position ?? []).map((p) => {
    const row = p as Record<string, unknown>;
    const num = (key: string) =>
      formatNumber(typeof row[key] === 'number' ? (row[key] as number) : undefined);
    return [String(row.contract), num('total_amount'), num('available'), num('frozen'), num('market_value')];
  });
  return [
    `${symbol}  balance ${formatNumber(data.balance, 2)}  cash ${formatNumber(data.cash, 2)}  market value ${formatNumber(data.market_value, 2)}`,
    '',
    ...renderTable(
      [
        { title: 'asset' },
        { title: 'total', align: 'right' },
        { title: 'available', align: 'right' },
        { title: 'frozen', align: 'right' },
        { title: 'market value', align: 'right' },
      ],
      rows,
      '(no positions)',
    ),
  ];
}
