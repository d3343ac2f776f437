/**
 * A long-running `ots` child (a stream, a server) whose stdout lines a test waits for.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { OTS_BIN, REPO_ROOT } from './run-ots.js';

export class OtsChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private partial = '';
  private waiters: (() => void)[] = [];

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, [OTS_BIN, ...args], { env, cwd: REPO_ROOT, stdio: 'pipe' });
    this.process.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    this.process.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      this.process.on('close', (code) => {
        this.wake();
        resolve(code);
      }),
    );
  }

  /**
   * Resolves once `ready()` holds (checked on every output); rejects when the child exits first or
   * nothing satisfying came within `timeoutMs`, saying what it printed.
   */
  async until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.wake();
    }, timeoutMs);
    try {
      while (!ready()) {
        if (this.process.exitCode !== null || this.process.signalCode !== null) {
          throw new Error(`ots exited before ${what}; stderr: ${this.stderr}`);
        }
        if (timedOut) throw new Error(`no ${what} within ${timeoutMs} ms; stderr: ${this.stderr}`);
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
