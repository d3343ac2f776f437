/**
 * The gateway's first start: so that a newcomer can trade in a second terminal without typing a
 * secret, `ots serve` makes a funded demo account on the sim exchange (`sim/demo`), issues a key for
 * it and writes both to the profile (mode 0600). On a terminal it says where the profile is; the
 * secret itself is never printed or logged.
 *
 * A profile that already holds credentials is left alone, unless first start wrote it: then a key
 * the gateway no longer knows (the data directory was deleted) is replaced, and the URL follows the
 * gateway to another port.
 * `OTS_DEMO=off` skips all of this (a production gateway wants no demo account), and so does a
 * gateway started under the node test runner without `OTS_PROFILE`.
 */
import type { Logger } from 'pino';
import { hasCredentials, type Profile, profilePath, readProfile, writeProfile } from './profile.js';

export const DEMO_ACCOUNT = 'sim/demo';
export const DEMO_DEPOSIT: Readonly<Record<string, number>> = { usdt: 100000, btc: 2, eth: 20 };

/** What first start needs of the gateway (the in-process admin of `startGateway`). */
export interface DemoGateway {
  readonly url: string;
  readonly sim: unknown;
  readonly logger: Logger;
  readonly admin: {
    listAccounts(): { account: string }[];
    createAccount(account: string, deposit: Record<string, number>): unknown;
    createKey(options: { accounts: string[] }): { api_key: string; api_secret: string };
    listKeys(): { api_key: string }[];
  };
}

export interface FirstStartResult {
  /** The demo account was created now (with its deposit). */
  createdAccount: boolean;
  /** A demo key was written to the profile now. */
  wroteProfile: boolean;
  profile: string;
  /** Why nothing was done, when nothing was. */
  skipped?: string;
}

export interface FirstStartOptions {
  /** Print where the profile is (serve on a terminal). */
  tty: boolean;
  out?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

export function firstStart(gateway: DemoGateway, options: FirstStartOptions): FirstStartResult {
  const env = options.env ?? process.env;
  const path = profilePath(env);
  if (/^(off|0|false|no)$/i.test(env.OTS_DEMO ?? '')) {
    return { createdAccount: false, wroteProfile: false, profile: path, skipped: 'OTS_DEMO=off' };
  }
  // A gateway started by a test (the node test runner marks its processes) must not write the real
  // ~/.ots of whoever runs the tests; such a test names a profile with OTS_PROFILE or gets none.
  if (env.NODE_TEST_CONTEXT && !env.OTS_PROFILE) {
    return {
      createdAccount: false,
      wroteProfile: false,
      profile: path,
      skipped: 'a test run without OTS_PROFILE',
    };
  }
  if (!gateway.sim) {
    return { createdAccount: false, wroteProfile: false, profile: path, skipped: 'the sim exchange is off' };
  }
  const createdAccount = !gateway.admin.listAccounts().some((a) => a.account === DEMO_ACCOUNT);
  if (createdAccount) gateway.admin.createAccount(DEMO_ACCOUNT, { ...DEMO_DEPOSIT });

  let profile: Profile;
  try {
    profile = readProfile(path);
  } catch (err) {
    // A damaged profile is the user's to fix; say so instead of overwriting it.
    gateway.logger.warn({ profile: path, reason: (err as Error).message }, 'profile not updated');
    return { createdAccount, wroteProfile: false, profile: path, skipped: 'the profile is damaged' };
  }
  const url = clientUrl(gateway.url);
  if (hasCredentials(profile) && !staleDemoKey(gateway, profile)) {
    // The demo profile follows its gateway to another port; a user's profile is never touched.
    if (profile.origin === 'first-start' && profile.url !== url) {
      writeProfile({ ...profile, url }, path);
      gateway.logger.info({ profile: path, url }, 'demo profile now points at this gateway');
      return { createdAccount, wroteProfile: true, profile: path };
    }
    return { createdAccount, wroteProfile: false, profile: path, skipped: 'the profile has credentials' };
  }
  const key = gateway.admin.createKey({ accounts: [DEMO_ACCOUNT] });
  writeProfile(
    {
      url,
      account: DEMO_ACCOUNT,
      api_key: key.api_key,
      api_secret: key.api_secret,
      origin: 'first-start',
    },
    path,
  );
  // The key's name and the file, never the secret.
  gateway.logger.info(
    { account: DEMO_ACCOUNT, api_key: key.api_key, profile: path },
    'demo account key written to the profile',
  );
  if (options.tty) (options.out ?? process.stdout).write(announcement(createdAccount, path));
  return { createdAccount, wroteProfile: true, profile: path };
}

/** A key first start wrote for a gateway that does not know it any more. */
function staleDemoKey(gateway: DemoGateway, profile: Profile): boolean {
  if (profile.origin !== 'first-start') return false;
  return !gateway.admin.listKeys().some((k) => k.api_key === profile.api_key);
}

/** A wildcard bind address is not somewhere a client can connect to; loopback is. */
function clientUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:');
}

function announcement(createdAccount: boolean, path: string): string {
  const funds = Object.entries(DEMO_DEPOSIT)
    .map(([currency, amount]) => `${amount} ${currency}`)
    .join(', ');
  return [
    createdAccount
      ? `First start: demo account ${DEMO_ACCOUNT} funded with ${funds}; an API key for it is in your profile.`
      : `Demo account ${DEMO_ACCOUNT}: a new API key for it is in your profile.`,
    `  profile    ${path}  (mode 0600; the secret is not shown)`,
    '  try in another terminal:',
    '    npx ots quote sim/btc.usdt sim/eth.usdt',
    `    npx ots order place ${DEMO_ACCOUNT} sim/btc.usdt b 30000 0.01`,
    `    npx ots orders ${DEMO_ACCOUNT}`,
    '',
    '',
  ].join('\n');
}
