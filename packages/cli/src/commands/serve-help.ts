/**
 * The flags and help of `ots serve`, apart from the command itself so that `ots --help` and every
 * client command start without loading the gateway (about a third of a second).
 */
import { type FlagSpec, flagHelp } from '../args.js';

export const SERVE_FLAGS: Record<string, FlagSpec> = {
  host: { value: true, help: 'bind address (env OTS_HOST, default 127.0.0.1)' },
  port: { value: true, help: 'port, 0 for any free one (env OTS_PORT, default 8700)' },
  data: { value: true, help: 'data directory, created on first start (env OTS_DATA_DIR, default ./data)' },
  config: {
    value: true,
    help: 'JSON config file (timers, limits, retention, CORS, sim); see docs/operations.md',
  },
  exchanges: {
    value: true,
    help: 'live exchanges to turn on, comma-separated, e.g. okex,gate,binance (docs/exchanges.md)',
  },
  help: { value: false, help: 'show this help' },
};

export const SERVE_HELP = `ots serve: run the OTS gateway with the sim exchange

Usage: ots serve [flags]

${flagHelp(SERVE_FLAGS)}

A flag beats its environment variable, which beats the config file, which beats the default.`;
