/**
 * Command-line flags: `--name value`, `--name=value` and boolean `--name`, checked against the
 * flags a command declares, so a typo is an error that names the known flags.
 */
import { OtsError } from '@ots/protocol';

export interface FlagSpec {
  /** Takes a value (`--port 8700`) rather than being a switch (`--json`). */
  value: boolean;
  help: string;
}

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const flag = spec[name];
    if (!flag) {
      const known = Object.keys(spec).map((k) => `--${k}`);
      throw new OtsError(
        'invalid-param',
        `unknown flag --${name}; expected one of ${known.join(', ') || '(none)'}`,
      );
    }
    if (!flag.value) {
      if (eq >= 0) throw new OtsError('invalid-param', `--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      throw new OtsError('invalid-param', `--${name} needs a value (${flag.help})`);
    }
    flags[name] = value;
  }
  return { flags, positionals };
}

/** The flags' help lines, aligned. */
export function flagHelp(spec: Record<string, FlagSpec>): string {
  const rows = Object.entries(spec).map(([name, f]) => [`--${name}${f.value ? ' VALUE' : ''}`, f.help]);
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`).join('\n');
}

/** A flag's string value, or undefined (a switch given where a value belongs is an error). */
export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const value = flags[name];
  return value === true ? undefined : value;
}
