/**
 * How a client command prints: tables on a terminal, JSON when stdout is piped or `--json` is given
 * (one JSON document per command, so `| jq` works), and failures as code, message and hint on stderr.
 */
import type { FlagSpec, ParsedArgs } from './args.js';
import { describeFailure, exitCodeOf } from './hints.js';

export const JSON_FLAG: Record<string, FlagSpec> = {
  json: { value: false, help: 'print JSON (the default when stdout is not a terminal)' },
};

export const HELP_FLAG: Record<string, FlagSpec> = {
  help: { value: false, help: 'show this help' },
};

/** JSON when asked for, or when nobody is looking at a terminal. */
export function wantsJson(flags: ParsedArgs['flags'], stdout: { isTTY?: boolean } = process.stdout): boolean {
  return flags.json === true || stdout.isTTY !== true;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLines(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Where a command is talking to, filled in once known, so a failure can say it. */
export interface FailureContext {
  url?: string;
}

/**
 * Runs a command body; an error becomes its code, message and hint on stderr and a non-zero exit
 * code instead of a stack trace.
 */
export async function runReporting(
  command: string,
  body: (context: FailureContext) => Promise<number>,
): Promise<number> {
  const context: FailureContext = {};
  try {
    return await body(context);
  } catch (err) {
    process.stderr.write(`${describeFailure(command, err, context.url)}\n`);
    return exitCodeOf(err);
  }
}
