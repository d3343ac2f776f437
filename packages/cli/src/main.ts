/**
 * The `ots` command: a table of sub-commands, each one line here and a module in `commands/`.
 */
import { readFileSync } from 'node:fs';
import { isOtsError } from '@ots/protocol';
import { SERVE_HELP, serve } from './commands/serve.js';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
  help: string;
}

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'run the gateway (sim exchange, quote sockets, REST)', run: serve, help: SERVE_HELP },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    `ots ${version()}: the OTS trading gateway`,
    '',
    'Usage: ots <command> [flags]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "ots <command> --help shows a command's flags; ots --version prints the version.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(`ots ${version()}`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS[rest[0]] : undefined;
    console.log(topic ? topic.help : usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`ots: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (isOtsError(err)) {
      console.error(`ots ${name}: ${err.message}`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(`ots ${name}: ${(err as Error).message}; is another gateway running? Try --port.`);
      return 1;
    }
    throw err;
  }
}
