/**
 * The `ots` command: a table of sub-commands, each one line here and a module in `commands/`.
 */
import { readFileSync } from 'node:fs';
import { isOtsError } from '@ots/protocol';
import { ACCOUNTS_HELP, accounts } from './commands/accounts.js';
import { INFO_HELP, info } from './commands/info.js';
import { KEYS_HELP, keys } from './commands/keys.js';
import { LOGIN_HELP, login } from './commands/login.js';
import { ORDER_HELP, order } from './commands/order.js';
import { ORDERS_HELP, orders } from './commands/orders.js';
import { QUOTE_HELP, quote } from './commands/quote.js';
import { SERVE_HELP } from './commands/serve-help.js';
import { TRANS_HELP, trans } from './commands/trans.js';

/** Loaded on demand: importing the gateway costs every other command about a third of a second. */
async function runServe(argv: string[]): Promise<number> {
  const { serve } = await import('./commands/serve.js');
  return serve(argv);
}

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
  help: string;
}

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'run the gateway (sim exchange, quote sockets, REST)', run: runServe, help: SERVE_HELP },
  quote: { summary: 'live quote board; piped, one JSON tick per line', run: quote, help: QUOTE_HELP },
  info: { summary: "an account's balance and positions", run: info, help: INFO_HELP },
  orders: { summary: "an account's orders (open ones by default)", run: orders, help: ORDERS_HELP },
  order: { summary: 'place, amend, cancel, cancel-all', run: order, help: ORDER_HELP },
  trans: { summary: "an account's fills", run: trans, help: TRANS_HELP },
  login: { summary: 'save an API key and secret to the profile (mode 0600)', run: login, help: LOGIN_HELP },
  keys: {
    summary: 'API keys: create, list, revoke (admin, on the gateway machine)',
    run: keys,
    help: KEYS_HELP,
  },
  accounts: {
    summary: 'sim accounts: create, deposit, limits, halt/resume (admin)',
    run: accounts,
    help: ACCOUNTS_HELP,
  },
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
