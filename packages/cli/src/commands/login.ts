/**
 * `ots login`: saves an API key and secret (and optionally the gateway URL and a default account)
 * to the profile, mode 0600. The key and secret are asked for, never taken from flags, so they stay
 * out of shell history; piped, they are the first two lines of stdin.
 */
import { OtsError } from '@ots/protocol';
import { Account } from '@ots/sdk';
import { type FlagSpec, parseArgs, stringFlag } from '../args.js';
import { URL_FLAGS } from '../credentials.js';
import { helpText } from '../help.js';
import { HELP_FLAG, runReporting } from '../output.js';
import { profilePath, readProfile, writeProfile } from '../profile.js';
import { ask, readPipedLines } from '../prompt.js';

const FLAGS: Record<string, FlagSpec> = {
  ...URL_FLAGS,
  account: { value: true, help: 'the account commands use when they name none, e.g. sim/demo' },
  'no-check': { value: false, help: 'save without checking the key against the gateway' },
  ...HELP_FLAG,
};

export const LOGIN_HELP = helpText({
  usage: 'Usage: ots login [--account A] [--url URL] [flags]',
  summary:
    'Asks for an API key and secret (the secret is not echoed), checks them against the gateway and saves them to the profile (mode 0600).',
  flags: FLAGS,
  notes: [
    'Piped, the key and the secret are the first two lines of stdin: `printf "%s\\n%s\\n" "$KEY" "$SECRET" | ots login --account sim/alice`.',
    'The profile is ~/.ots/profile.json, or $OTS_PROFILE. A flag or environment variable (OTS_URL, OTS_ACCOUNT, OTS_API_KEY, OTS_API_SECRET) beats the profile.',
  ],
  examples: ['ots login --account sim/alice', 'ots login --url http://10.0.0.5:8700 --account sim/desk'],
});

export function login(argv: string[]): Promise<number> {
  return runReporting('login', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.help) {
      console.log(LOGIN_HELP);
      return 0;
    }
    if (positionals.length > 0) {
      throw new OtsError(
        'invalid-param',
        `login takes no arguments (got ${positionals.join(' ')}); it asks for the key`,
      );
    }
    const path = profilePath();
    const profile = readProfile(path);
    const url = stringFlag(flags, 'url') ?? process.env.OTS_URL ?? profile.url;
    const account = stringFlag(flags, 'account') ?? profile.account;
    context.url = url;

    const [apiKey, apiSecret] = await readKeyAndSecret();
    if (!apiKey || !apiSecret) {
      throw new OtsError(
        'invalid-param',
        'both an API key and its secret are needed (`ots keys create` issues them)',
      );
    }
    if (!flags['no-check'] && account) {
      // A wrong key is refused here, not at the first order.
      await new Account(account, { url, apiKey, apiSecret }).getInfo();
    }
    writeProfile({ ...profile, url, account, api_key: apiKey, api_secret: apiSecret }, path);
    const checked = !flags['no-check'] && account ? ` (checked against ${account})` : '';
    process.stderr.write(`saved key ${apiKey} to ${path}${checked}\n`);
    return 0;
  });
}

async function readKeyAndSecret(): Promise<[string, string]> {
  if (process.stdin.isTTY) {
    const key = await ask('API key: ', false);
    const secret = await ask('API secret (not shown): ', true);
    return [key, secret];
  }
  const lines = (await readPipedLines()).filter((line) => line !== '');
  return [lines[0] ?? '', lines[1] ?? ''];
}
