/**
 * A real terminal for tests: a detached tmux session on a private server socket (never the user's
 * tmux), driven with send-keys and read with capture-pane.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function tmuxMissing(): string | undefined {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? 'tmux is not installed (Debian: apt-get install -y tmux)'
    : undefined;
}

export class TmuxSession {
  private readonly socket = `ots-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** Runs `command` (a shell line) in a new session of `columns` x `rows`. */
  constructor(command: string, columns = 120, rows = 30) {
    this.tmux(
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(columns),
      '-y',
      String(rows),
      command,
    );
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** `#{alternate_on}`, `#{cursor_flag}`, ... of the pane. */
  format(name: string): string {
    return this.tmux('display-message', '-p', '-t', 'main', `#{${name}}`).trim();
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  /** Polls the screen until `ready` holds; a timeout error shows the last screen. */
  async until(ready: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = this.screen();
    while (!ready(screen)) {
      if (Date.now() > deadline) throw new Error(`the screen never showed ${what}; last screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      screen = this.screen();
    }
    return screen;
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone with its last session.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}
