/**
 * `ots login` on a real terminal (tmux): it asks for the key, then for the secret without echoing
 * it, checks them against the gateway and saves the profile.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readProfile } from '../src/profile.js';
import { type CliGateway, startCliGateway } from './support/cli-gateway.js';
import { OTS_BIN } from './support/run-ots.js';
import { TmuxSession, tmuxMissing } from './support/tmux.js';

const skip = tmuxMissing();
let g: CliGateway;
before(async () => {
  if (!skip) g = await startCliGateway();
});
after(async () => {
  if (!skip) await g.close();
});

test('the secret is typed without echo, checked, and saved 0600', { skip }, async () => {
  const profile = join(g.dir, 'tty-profile.json');
  const command = `env OTS_PROFILE=${profile} ${process.execPath} ${OTS_BIN} login --url ${g.gateway.url} --account ${g.account}`;
  const tmux = new TmuxSession(`${command}; echo "EXIT:$?"; sleep 600`);
  try {
    await tmux.until((s) => s.includes('API key:'), 'the key prompt');
    tmux.keys('-l', g.apiKey);
    tmux.keys('Enter');
    await tmux.until((s) => s.includes('API secret (not shown):'), 'the secret prompt');
    tmux.keys('-l', g.apiSecret);
    tmux.keys('Enter');
    const screen = await tmux.until((s) => s.includes('EXIT:'), 'login finishing');
    assert.match(screen, /EXIT:0/, screen);
    assert.match(screen, /saved key \w+ to .*tty-profile\.json \(checked against sim\/alice\)/);
    assert.ok(screen.includes(g.apiKey), 'the key is shown as typed');
    assert.ok(!screen.includes(g.apiSecret), 'the secret is not');
    assert.equal(statSync(profile).mode & 0o777, 0o600);
    assert.deepEqual(readProfile(profile), {
      url: g.gateway.url,
      account: g.account,
      api_key: g.apiKey,
      api_secret: g.apiSecret,
    });
  } finally {
    tmux.kill();
  }
});
