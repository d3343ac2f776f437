/**
 * Runs the real `ots` command (bin/ots.js) as a child process, as a user's shell would: stdout is a
 * pipe, so commands print JSON; `--json` is not needed to test that.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const OTS_BIN = fileURLToPath(new URL('../../bin/ots.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface OtsRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runOts(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<OtsRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OTS_BIN, ...args], { env, cwd: REPO_ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
