/**
 * `ots serve`: runs the gateway until SIGINT or SIGTERM. On a terminal it prints the URLs and a
 * live one-line summary (contracts, ticks/s, clients) with warnings above it; otherwise it writes
 * JSON log lines (pino) to stdout.
 */
import { resolve } from 'node:path';
import { createLogger, type Gateway, resolveServeSettings, startGateway } from '@ots/gateway';
import { parseArgs, stringFlag } from '../args.js';
import { firstStart } from '../first-start.js';
import { SERVE_FLAGS, SERVE_HELP } from './serve-help.js';

export async function serve(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, SERVE_FLAGS);
  if (flags.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  const settings = resolveServeSettings({
    host: stringFlag(flags, 'host'),
    port: stringFlag(flags, 'port'),
    data: stringFlag(flags, 'data'),
    config: stringFlag(flags, 'config'),
    exchanges: stringFlag(flags, 'exchanges'),
  });
  const tty = process.stdout.isTTY === true;
  const status = tty ? new StatusLine(process.stdout) : undefined;
  const logger = status
    ? createLogger('warn', { write: (line: string) => status.above(formatLogLine(line)) })
    : createLogger('info');

  const started = Date.now();
  const gateway = await startGateway({
    host: settings.host,
    port: settings.port,
    dataDir: settings.dataDir,
    config: settings.config,
    logger,
  });
  if (status) {
    printBanner(gateway, Date.now() - started);
  }
  // A new gateway gets a funded demo account and its key in the profile (see first-start.ts).
  firstStart(gateway, { tty });
  status?.follow(gateway);

  await new Promise<void>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second signal: the user wants out now.
        process.exit(1);
      }
      stopping = true;
      status?.stop();
      logger.info({ signal }, 'shutting down');
      gateway.close().then(done, (err) => {
        logger.error({ err }, 'shutdown failed');
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (tty) process.stdout.write('stopped\n');
  return 0;
}

function printBanner(gateway: Gateway, readyMs: number): void {
  const ws = gateway.url.replace(/^http/, 'ws');
  const lines = [
    `OTS gateway ready in ${readyMs} ms`,
    `  REST       ${gateway.url}/api/v1/basic/contracts`,
    `  ticks      ${ws}/api/v1/ws/tick`,
    `  health     ${gateway.url}/health`,
    `  metrics    ${gateway.url}/metrics`,
    `  data       ${resolve(gateway.dataDir)}`,
    '  Ctrl-C to stop',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** A pino JSON line as `LEVEL message {fields}` for the terminal. */
function formatLogLine(line: string): string {
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
    const names: Record<number, string> = {
      10: 'TRACE',
      20: 'DEBUG',
      30: 'INFO',
      40: 'WARN',
      50: 'ERROR',
      60: 'FATAL',
    };
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${names[level] ?? level} ${msg}${extra}\n`;
  } catch {
    return line;
  }
}

/** The live summary line at the bottom of the terminal; log lines are written above it. */
class StatusLine {
  private text = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream) {}

  follow(gateway: Gateway): void {
    let lastTicks = gateway.hub.ticksReceived;
    let lastAt = Date.now();
    const contracts = gateway.venues.all().reduce((n, v) => n + v.contracts().length, 0);
    const update = () => {
      const now = Date.now();
      const ticks = gateway.hub.ticksReceived;
      const rate = ((ticks - lastTicks) * 1000) / Math.max(1, now - lastAt);
      lastTicks = ticks;
      lastAt = now;
      this.show(
        `contracts ${contracts} | ticks/s ${rate.toFixed(1)} | clients ${gateway.sockets.connections.size}`,
      );
    };
    update();
    this.timer = setInterval(update, 1_000);
    this.timer.unref();
  }

  show(text: string): void {
    this.text = text;
    this.out.write(`\r\x1b[2K${text}`);
  }

  above(line: string): void {
    this.out.write(`\r\x1b[2K${line}${this.text}`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.out.write('\r\x1b[2K');
    this.text = '';
  }
}
