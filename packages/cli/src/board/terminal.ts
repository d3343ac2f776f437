/**
 * The quote board's terminal: the alternate screen with the cursor hidden while the board runs,
 * redraws in place (cursor home, each line cleared to its end, the rest cleared below), keys in raw
 * mode, resizes. `close` puts everything back, and it also runs on exit, SIGTERM, SIGHUP and an
 * uncaught error, so the shell is never left without a cursor or echo.
 */

const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

export class BoardTerminal {
  private open = false;
  private readonly restoreOnExit = () => this.close();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.close();
    process.kill(process.pid, signal);
  };

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly input: NodeJS.ReadStream = process.stdin,
  ) {}

  get columns(): number {
    return this.out.columns ?? 80;
  }

  get rows(): number {
    return this.out.rows ?? 24;
  }

  /** Takes over the screen; `onKey` gets each key (`q`, `\u0003` for Ctrl-C), `onResize` each resize. */
  start(onKey: (key: string) => void, onResize: () => void): void {
    this.open = true;
    this.out.write(ENTER);
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.setEncoding('utf8');
    this.input.on('data', onKey);
    this.input.resume();
    this.out.on('resize', onResize);
    process.once('exit', this.restoreOnExit);
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.once(signal, this.onSignal);
    process.once('uncaughtException', (err) => {
      this.close();
      throw err;
    });
  }

  /** Draws the lines from the top left, never past the last row (a full screen would scroll). */
  draw(lines: readonly string[]): void {
    if (!this.open) return;
    const shown = lines.slice(0, Math.max(1, this.rows - 1));
    this.out.write(`${HOME}${shown.map((l) => l + CLEAR_LINE_END).join('\r\n')}${CLEAR_BELOW}`);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
    this.input.removeAllListeners('data');
    this.out.write(LEAVE);
    process.off('exit', this.restoreOnExit);
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.off(signal, this.onSignal);
  }
}
