/**
 * `ots quote <contract...>`: on a terminal, a live board that redraws in place; piped, one verbose
 * JSON tick per line (the wire's `single-tick-verbose` data), ready for `jq` or `head`.
 */
import { normaliseContract, OtsError } from '@ots/protocol';
import { Quote, type Tick } from '@ots/sdk';
import { type FlagSpec, parseArgs, stringFlag } from '../args.js';
import { BoardState } from '../board/board-state.js';
import { renderBoard } from '../board/render.js';
import { BoardTerminal } from '../board/terminal.js';
import { resolveConnection, URL_FLAGS } from '../credentials.js';
import { helpText } from '../help.js';
import { describeFailure, hintFor } from '../hints.js';
import { HELP_FLAG, JSON_FLAG, runReporting } from '../output.js';

const FLAGS: Record<string, FlagSpec> = {
  depth: { value: true, help: 'book levels per side under each contract (board only; default 0)' },
  stale: { value: true, help: 'seconds without a tick before a contract is marked STALE (default 5)' },
  refresh: { value: true, help: 'milliseconds between redraws at most (default 100)' },
  v3: { value: false, help: 'use the compact tick-v3 socket (snapshots and diffs) instead of verbose ticks' },
  ...URL_FLAGS,
  ...JSON_FLAG,
  ...HELP_FLAG,
};

export const QUOTE_HELP = helpText({
  usage: 'Usage: ots quote <contract...> [flags]',
  summary:
    'Streams ticks. On a terminal: a live board of bid, ask, last, spread, volume and change over the last minute, ' +
    'a sparkline of the last minute, and STALE for contracts that stopped ticking (q or Ctrl-C quits). ' +
    'Piped or with --json: one verbose JSON tick per line.',
  flags: FLAGS,
  notes: [
    'The gateway comes from --url, else OTS_URL, else the profile, else http://127.0.0.1:8700. No key is needed.',
  ],
  examples: [
    'ots quote sim/btc.usdt sim/eth.usdt sim/eth.btc',
    'ots quote sim/btc.usdt --depth 5',
    'ots quote sim/btc.usdt | head -3',
    "ots quote sim/eth.usdt | jq -c '{last, bid: .bids[0].price}'",
  ],
});

export function quote(argv: string[]): Promise<number> {
  return runReporting('quote', async (context) => {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.help) {
      console.log(QUOTE_HELP);
      return 0;
    }
    if (positionals.length === 0) {
      throw new OtsError('invalid-param', 'name at least one contract, e.g. ots quote sim/btc.usdt');
    }
    const contracts = [...new Set(positionals.map((c) => normaliseContract(c)))];
    const { url } = resolveConnection({ flags });
    context.url = url;
    const boardOptions: BoardOptions = {
      depth: intFlag(stringFlag(flags, 'depth'), 'depth', 0, 0, 50),
      staleMs: intFlag(stringFlag(flags, 'stale'), 'stale', 5, 1, 86_400) * 1000,
      refreshMs: intFlag(stringFlag(flags, 'refresh'), 'refresh', 100, 10, 10_000),
    };
    const board = flags.json !== true && process.stdout.isTTY === true;
    const quoteClient = new Quote({
      url,
      tickFormat: flags.v3 ? 'v3' : 'verbose',
      // On the board a stream problem would scribble over the screen; piped, stderr is free.
      onError: board ? () => {} : (err) => process.stderr.write(`${describeFailure('quote', err, url)}\n`),
    });
    try {
      if (board) return await runBoard(quoteClient, contracts, url, boardOptions);
      return await streamJson(quoteClient, contracts, url);
    } finally {
      quoteClient.close();
    }
  });
}

/** Piped: one JSON tick per line until the reader goes away (EPIPE: `| head -3`) or a signal. */
async function streamJson(client: Quote, contracts: string[], url: string): Promise<number> {
  const out = process.stdout;
  let warned = false;
  client.on('state', ({ state, reason }) => {
    // Say once why nothing arrives; the SDK keeps retrying.
    if (state === 'reconnecting' && !warned) {
      warned = true;
      const hint = hintFor(new OtsError('sdk-network-error', reason ?? ''), url);
      process.stderr.write(`ots quote: cannot reach ${url} (${reason ?? 'connection lost'}); retrying\n`);
      if (hint) process.stderr.write(`  hint: ${hint}\n`);
    }
  });
  return new Promise<number>((resolve, reject) => {
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = () => finish(0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') finish(0);
      else reject(err);
    });
    const write = (tick: Tick) => {
      if (!done) out.write(`${tick.toVerboseJson()}\n`);
    };
    for (const contract of contracts) {
      client.subscribeTick(contract, write).catch((err) => {
        if (!done) {
          done = true;
          reject(err);
        }
      });
    }
  });
}

interface BoardOptions {
  depth: number;
  staleMs: number;
  refreshMs: number;
}

async function runBoard(
  client: Quote,
  contracts: string[],
  url: string,
  options: BoardOptions,
): Promise<number> {
  const state = new BoardState(contracts, url);
  const terminal = new BoardTerminal();
  let timer: NodeJS.Timeout | undefined;
  let lastDraw = 0;
  const draw = () => {
    timer = undefined;
    lastDraw = Date.now();
    terminal.draw(
      renderBoard(state, {
        now: lastDraw,
        columns: terminal.columns,
        depth: options.depth,
        staleMs: options.staleMs,
        // https://no-color.org: any value of NO_COLOR turns colours off.
        color: process.env.NO_COLOR === undefined || process.env.NO_COLOR === '',
      }),
    );
  };
  // Ticks may arrive faster than a terminal is worth redrawing: at most one draw per refresh period.
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(draw, Math.max(0, options.refreshMs - (Date.now() - lastDraw)));
  };

  client.on('state', ({ state: s, retryInMs, reason }) => {
    if (s === 'open') state.setStatus('live');
    else if (s === 'reconnecting') {
      const retryAt = retryInMs !== undefined ? Date.now() + retryInMs : undefined;
      const down =
        reason && /ECONNREFUSED/.test(reason) ? `no gateway at ${url}: start one with \`ots serve\`` : reason;
      state.setStatus('reconnecting', retryAt, down);
    } else state.setStatus(s);
    schedule();
  });

  return new Promise<number>((resolve) => {
    const quit = () => {
      if (timer) clearTimeout(timer);
      clearInterval(clock);
      process.off('SIGINT', quit);
      terminal.close();
      resolve(0);
    };
    terminal.start((key) => {
      if (key === 'q' || key === 'Q' || key === '\u0003' || key === '\u001b') quit();
    }, draw);
    process.once('SIGINT', quit);
    // Ages and staleness change with time alone.
    const clock = setInterval(schedule, 1000);
    draw();
    for (const contract of contracts) {
      client
        .subscribeTick(contract, (tick) => {
          state.update(tick, Date.now());
          schedule();
        })
        .catch((err: unknown) => {
          state.fail(contract, err instanceof OtsError ? `${err.code}: ${err.message}` : String(err));
          schedule();
        });
    }
  });
}

function intFlag(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OtsError(
      'invalid-param',
      `--${name} ${JSON.stringify(text)} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}
