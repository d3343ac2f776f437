/**
 * One shape for every command's `--help`: what it does, how to call it, its flags, and examples
 * that work as typed against a gateway started with `ots serve`.
 */
import { type FlagSpec, flagHelp } from './args.js';

export interface HelpText {
  /** `ots orders [account] [flags]` */
  usage: string;
  /** One line: what the command does. */
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Paragraphs after the flags (where settings come from, output forms). */
  notes?: string[];
  examples?: string[];
}

export function helpText(help: HelpText): string {
  const parts = [`${help.usage}\n\n${help.summary}`, `Flags:\n${flagHelp(help.flags)}`];
  for (const note of help.notes ?? []) parts.push(note);
  if (help.examples && help.examples.length > 0) {
    parts.push(`Examples:\n${help.examples.map((e) => `  ${e}`).join('\n')}`);
  }
  return parts.join('\n\n');
}

/** The paragraph every keyed command shows about where its settings come from. */
export const CREDENTIALS_NOTE =
  'Settings come from a flag, else the environment (OTS_URL, OTS_ACCOUNT, OTS_API_KEY, OTS_API_SECRET), ' +
  'else the profile (~/.ots/profile.json or $OTS_PROFILE, written by `ots login` and by the first `ots serve`).';

export const OUTPUT_NOTE = 'On a terminal a table; piped or with --json, one JSON document.';
