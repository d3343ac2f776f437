/**
 * The profile: where a client command finds the gateway and its credentials when no flag or
 * environment variable names them. One JSON file, `~/.ots/profile.json` (or `$OTS_PROFILE`),
 * written with mode 0600 inside a 0700 directory, because it holds an API secret:
 *
 *   { "url": "http://127.0.0.1:8700", "account": "sim/demo", "api_key": "...", "api_secret": "..." }
 *
 * `ots login` writes it; the gateway's first start writes it when it has no credentials yet.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { OtsError } from '@ots/protocol';

export interface Profile {
  /** The gateway origin, e.g. `http://127.0.0.1:8700`. */
  url?: string;
  /** The account used when a command names none, e.g. `sim/demo`. */
  account?: string;
  api_key?: string;
  api_secret?: string;
  /** `first-start` when the gateway wrote the demo key here (it may replace that key, never a user's). */
  origin?: string;
}

const FIELDS = ['url', 'account', 'api_key', 'api_secret', 'origin'] as const;

/** `$OTS_PROFILE`, else `~/.ots/profile.json`. */
export function profilePath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.OTS_PROFILE;
  if (override !== undefined && override !== '') return override;
  return join(homedir(), '.ots', 'profile.json');
}

/** The profile at `path`; an empty one when the file does not exist. A damaged file is an error. */
export function readProfile(path: string = profilePath()): Profile {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new OtsError(
      'invalid-param',
      `the profile ${path} is not valid JSON (${(err as Error).message}); fix it or run \`ots login\` to rewrite it`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OtsError('invalid-param', `the profile ${path} must hold a JSON object such as {"url": "..."}`);
  }
  const profile: Profile = {};
  for (const field of FIELDS) {
    const value = (parsed as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new OtsError('invalid-param', `the profile ${path}: "${field}" must be a string`);
    }
    profile[field] = value;
  }
  return profile;
}

/** True when the profile holds a key and its secret. */
export function hasCredentials(profile: Profile): boolean {
  return Boolean(profile.api_key && profile.api_secret);
}

/**
 * Writes the profile with mode 0600 (its directory 0700). The file is written beside the old one and
 * renamed over it, so a reader never sees half a profile.
 */
export function writeProfile(profile: Profile, path: string = profilePath()): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const clean: Profile = {};
  for (const field of FIELDS) if (profile[field] !== undefined) clean[field] = profile[field];
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(clean, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
