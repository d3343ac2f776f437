/**
 * `ots keys create|list|revoke`: API keys, through the running gateway's admin API.
 * A new key's secret is printed once, to whoever ran the command; the gateway keeps it encrypted.
 */
import { OtsError } from '@ots/protocol';
import { ADMIN_FLAGS, adminRequest, resolveAdminTarget } from '../admin-client.js';
import { parseArgs, stringFlag } from '../args.js';
import { helpText, OUTPUT_NOTE } from '../help.js';
import { HELP_FLAG, JSON_FLAG, printJson, printLines, runReporting, wantsJson } from '../output.js';
import { renderTable } from '../table.js';

const FLAGS = {
  ...ADMIN_FLAGS,
  accounts: {
    value: true,
    help: 'create: the accounts the key may use, comma-separated (sim/alice,sim/bob)',
  },
  'read-only': { value: false, help: 'create: the key reads info, orders and fills but cannot trade' },
  rate: {
    value: true,
    help: 'create: requests per second for this key (0 = unlimited; default the gateway’s)',
  },
  burst: { value: true, help: 'create: requests at once after a quiet spell (with --rate)' },
  ...JSON_FLAG,
  ...HELP_FLAG,
};

export const KEYS_HELP = helpText({
  usage: 'Usage: ots keys create --accounts A[,B...] [--read-only] | ots keys list | ots keys revoke API_KEY',
  summary:
    'Creates, lists and revokes API keys on the running gateway (admin API: loopback and admin token only).',
  flags: FLAGS,
  notes: [
    'The admin token is read from --data (the gateway’s data directory); the gateway from --url or OTS_URL.',
    'A created key works at once. Its api_secret is printed only this once: store it now.',
    OUTPUT_NOTE,
  ],
  examples: [
    'ots keys create --accounts sim/alice,sim/bob',
    'ots keys create --accounts sim/alice --read-only --json > alice-ro.json',
    'ots keys list',
    'ots keys revoke 3f2a...',
  ],
});

interface KeySummary {
  api_key: string;
  accounts: string[];
  read_only: boolean;
  rate_limit: { ratePerSecond: number; burst: number } | null;
  created_at: string;
}

export function keys(argv: string[]): Promise<number> {
  return runReporting('keys', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const [action, ...rest] = positionals;
    if (flags.help || action === undefined) {
      console.log(KEYS_HELP);
      return flags.help ? 0 : 2;
    }
    const target = resolveAdminTarget(flags);
    context.url = target.url;
    const json = wantsJson(flags);
    switch (action) {
      case 'create': {
        const accounts = (stringFlag(flags, 'accounts') ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
        if (accounts.length === 0)
          throw new OtsError('invalid-param', 'keys create needs --accounts, e.g. --accounts sim/alice');
        const rate = stringFlag(flags, 'rate');
        const burst = stringFlag(flags, 'burst');
        const rateLimit =
          rate === undefined
            ? undefined
            : { ratePerSecond: Number(rate), burst: Number(burst ?? Math.max(1, Number(rate) * 2)) };
        const created = await adminRequest<{ api_key: string; api_secret: string; accounts: string[] }>(
          target,
          'POST',
          '/keys',
          {
            accounts,
            read_only: flags['read-only'] === true,
            ...(rateLimit ? { rate_limit: rateLimit } : {}),
          },
        );
        if (json) printJson(created);
        else
          printLines([
            `api_key     ${created.api_key}`,
            `api_secret  ${created.api_secret}`,
            `accounts    ${created.accounts.join(', ')}${flags['read-only'] ? ' (read-only)' : ''}`,
            '',
            'The secret is shown only now: store it (e.g. `ots login`). The gateway keeps it encrypted.',
          ]);
        return 0;
      }
      case 'list': {
        const list = await adminRequest<KeySummary[]>(target, 'GET', '/keys');
        if (json) printJson(list);
        else
          printLines(
            renderTable(
              [
                { title: 'api_key' },
                { title: 'accounts' },
                { title: 'access' },
                { title: 'rate limit' },
                { title: 'created' },
              ],
              list.map((k) => [
                k.api_key,
                k.accounts.join(','),
                k.read_only ? 'read-only' : 'trade',
                k.rate_limit ? `${k.rate_limit.ratePerSecond}/s burst ${k.rate_limit.burst}` : 'default',
                k.created_at,
              ]),
              '(no keys: ots keys create --accounts sim/alice)',
            ),
          );
        return 0;
      }
      case 'revoke': {
        if (rest.length === 0) throw new OtsError('invalid-param', 'keys revoke needs the api_key to revoke');
        for (const apiKey of rest)
          await adminRequest(target, 'DELETE', `/keys/${encodeURIComponent(apiKey)}`);
        if (json) printJson({ status: 'success', revoked: rest });
        else printLines(rest.map((k) => `revoked ${k}`));
        return 0;
      }
      default:
        throw new OtsError(
          'invalid-param',
          `unknown keys action "${action}": expected create, list or revoke`,
        );
    }
  });
}
