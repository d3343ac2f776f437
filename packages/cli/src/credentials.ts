/**
 * Where a client command gets the gateway URL, the account and the API credentials.
 * Each setting comes from the first of: a flag, an environment variable, the profile, the default.
 *
 *   url      --url          OTS_URL         profile.url         http://127.0.0.1:8700
 *   account  (positional)   OTS_ACCOUNT     profile.account     -
 *   key      --api-key      OTS_API_KEY     profile.api_key     -
 *   secret   --api-secret   OTS_API_SECRET  profile.api_secret  -
 */
import { OtsError } from '@ots/protocol';
import { DEFAULT_URL } from '@ots/sdk';
import { type FlagSpec, type ParsedArgs, stringFlag } from './args.js';
import { type Profile, profilePath, readProfile } from './profile.js';

/** The flags every command that talks to a gateway takes. */
export const URL_FLAGS: Record<string, FlagSpec> = {
  url: { value: true, help: `gateway origin (env OTS_URL, then the profile, default ${DEFAULT_URL})` },
};

/** The flags of commands that use an account's API key. */
export const CREDENTIAL_FLAGS: Record<string, FlagSpec> = {
  ...URL_FLAGS,
  'api-key': { value: true, help: 'API key (env OTS_API_KEY, then the profile `ots login` writes)' },
  'api-secret': { value: true, help: 'API secret (env OTS_API_SECRET, then the profile)' },
};

export interface Connection {
  url: string;
  /** The profile file these settings may have come from (for messages). */
  profile: string;
}

export interface Credentials extends Connection {
  account: string;
  apiKey: string;
  apiSecret: string;
}

interface Sources {
  flags: ParsedArgs['flags'];
  env?: NodeJS.ProcessEnv;
  /** The profile, when the caller has read it already. */
  profile?: Profile;
}

function pick(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v !== '');
}

/** The gateway URL for commands that need no key (`ots quote`). */
export function resolveConnection(sources: Sources): Connection {
  const env = sources.env ?? process.env;
  const path = profilePath(env);
  const profile = sources.profile ?? readProfile(path);
  return {
    url: pick(stringFlag(sources.flags, 'url'), env.OTS_URL, profile.url) ?? DEFAULT_URL,
    profile: path,
  };
}

/**
 * URL, account and credentials for the signed trade API. `account` is the positional the user
 * typed, if any. A missing setting is an error that says where it can come from.
 */
export function resolveCredentials(sources: Sources & { account?: string }): Credentials {
  const env = sources.env ?? process.env;
  const path = profilePath(env);
  const profile = sources.profile ?? readProfile(path);
  const url = pick(stringFlag(sources.flags, 'url'), env.OTS_URL, profile.url) ?? DEFAULT_URL;
  const account = pick(sources.account, env.OTS_ACCOUNT, profile.account);
  if (account === undefined) {
    throw new OtsError(
      'invalid-param',
      `no account given: name one (e.g. sim/demo), set OTS_ACCOUNT, or run \`ots login --account ...\``,
    );
  }
  const apiKey = pick(stringFlag(sources.flags, 'api-key'), env.OTS_API_KEY, profile.api_key);
  const apiSecret = pick(stringFlag(sources.flags, 'api-secret'), env.OTS_API_SECRET, profile.api_secret);
  if (apiKey === undefined || apiSecret === undefined) {
    throw new OtsError(
      'no-valid-authentication',
      `no API ${apiKey === undefined ? 'key' : 'secret'}: pass --api-key/--api-secret, set OTS_API_KEY/OTS_API_SECRET, or run \`ots login\` (profile ${path})`,
    );
  }
  return { url, account, apiKey, apiSecret, profile: path };
}
