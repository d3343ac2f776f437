import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ots.js', import.meta.url));
const WAIT_MS = 20_000;

test('ots serve on a terminal: URLs, a live summary line, Ctrl-C stops it cleanly', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-cli-tty-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  // `script` (util-linux, on every Debian) runs the command on a pseudo-terminal and copies our
  // stdin to it, so a Ctrl-C byte becomes SIGINT for the gateway, as when a user presses it.
  // `exec` matters: script runs the command through $SHELL, and dash (Debian's /bin/sh) stays as
  // the parent in the terminal's process group, dies of the same SIGINT and makes script report 130.
  const child = spawn(
    'script',
    ['-qfec', `exec ${process.execPath} ${BIN} serve --port 0 --data ${dataDir}`, '/dev/null'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, SHELL: '/bin/sh' },
    },
  );
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let screen = '';
  child.stdout.on('data', (d) => {
    screen += d;
  });
  const waitFor = async (pattern: RegExp, what: string) => {
    const deadline = Date.now() + WAIT_MS;
    while (!pattern.test(screen)) {
      if (Date.now() > deadline)
        throw new Error(`no ${what} on the terminal; it shows: ${JSON.stringify(screen)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return pattern.exec(screen)!;
  };

  await waitFor(/OTS gateway ready in \d+ ms/, 'banner');
  const url = (await waitFor(/REST\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1\/basic\/contracts/, 'REST URL'))[1];
  assert.match(screen, new RegExp(`ticks\\s+${url.replace('http', 'ws')}/api/v1/ws/tick`));
  assert.match(screen, new RegExp(`metrics\\s+${url}/metrics`));
  // The live line counts contracts and ticks per second (sim publishes several per second).
  await waitFor(/contracts 3 \| ticks\/s [1-9][\d.]* \| clients 0/, 'a summary line with ticks flowing');
  assert.equal((await (await fetch(`${url}/health`)).json()).status, 'ok');
  assert.doesNotMatch(screen, /"level":/, 'no JSON log lines on a terminal');

  child.stdin.write('\x03');
  await waitFor(/stopped/, 'the stop message');
  assert.equal(await exited, 0);
});
