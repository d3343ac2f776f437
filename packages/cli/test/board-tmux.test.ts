/**
 * The quote board in a real terminal (tmux): rows and prices appear and update in place, a contract
 * that stops ticking is marked STALE, --depth shows the book, a resize redraws to the new width,
 * and q or Ctrl-C leaves the terminal as it was (main screen, cursor shown).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Gateway, ManualVenue, startGateway } from '@ots/gateway';
import { Tick } from '@ots/protocol';
import { OTS_BIN } from './support/run-ots.js';
import { TmuxSession, tmuxMissing } from './support/tmux.js';

const skip = tmuxMissing();
let gateway: Gateway;
let manual: ManualVenue;
let dir: string;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'ots-board-'));
  manual = new ManualVenue('man', ['abc.usdt']);
  gateway = await startGateway({
    port: 0,
    dataDir: join(dir, 'data'),
    logger: 'silent',
    venues: [manual],
    config: { sim: { tickIntervalMs: 50 } },
  });
});
after(async () => {
  if (skip) return;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

function pushTick(last: number): void {
  manual.tick(
    new Tick({
      time: new Date(),
      price: last,
      volume: 1,
      contract: 'man/abc.usdt',
      bids: [
        { price: last - 0.25, volume: 3 },
        { price: last - 0.5, volume: 4 },
      ],
      asks: [
        { price: last + 0.25, volume: 5 },
        { price: last + 0.5, volume: 6 },
      ],
    }),
  );
}

function board(args: string): TmuxSession {
  const env = `OTS_PROFILE=${join(dir, 'profile.json')} OTS_URL=${gateway.url}`;
  return new TmuxSession(
    `env ${env} ${process.execPath} ${OTS_BIN} quote ${args}; echo "EXIT:$?"; sleep 600`,
  );
}

function rowsOf(screen: string, contract: string): string[] {
  return screen.split('\n').filter((line) => line.startsWith(contract));
}

test('the board shows rows and prices, updates them in place, marks STALE, shows depth; q restores the terminal', {
  skip,
}, async () => {
  const tmux = board('man/abc.usdt sim/btc.usdt --stale 1 --depth 2 --refresh 20');
  try {
    await tmux.until(
      (s) => /^sim\/btc\.usdt +\d+\.\d{2} +\d+\.\d{2} +\d+\.\d{2}/m.test(s),
      'a sim/btc.usdt row with prices',
    );
    assert.equal(tmux.format('alternate_on'), '1', 'the board runs on the alternate screen');
    assert.equal(tmux.format('cursor_flag'), '0', 'with the cursor hidden');
    await tmux.until(
      (s) => /^man\/abc\.usdt +waiting for the first tick/m.test(s),
      'the manual contract waiting',
    );

    // Ticks arrive until the board has shown one (the socket may subscribe after the first push).
    let screen = '';
    for (let i = 0; !/^man\/abc\.usdt +100\.75/m.test(screen); i++) {
      pushTick(101);
      screen = tmux.screen();
      if (i > 200) assert.fail(`no tick on the board:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    screen = await tmux.until(
      (s) => /^ +1 +bid 100\.75 x 3 +ask 101\.25 x 5$/m.test(s),
      'the first book level',
    );
    assert.match(screen, /^ +2 +bid 100\.50 x 4 +ask 101\.50 x 6$/m);

    pushTick(102.5);
    screen = await tmux.until(
      (s) => /^man\/abc\.usdt +102\.25 +102\.75 +102\.50 +0\.50 /m.test(s),
      'the updated prices',
    );
    assert.equal(rowsOf(screen, 'man/abc.usdt').length, 1, 'redrawn in place, not scrolled');
    assert.equal(rowsOf(screen, 'sim/btc.usdt').length, 1);

    screen = await tmux.until(
      (s) => /^man\/abc\.usdt .*STALE \d+s$/m.test(s),
      'the manual contract marked STALE',
    );
    assert.doesNotMatch(rowsOf(screen, 'sim/btc.usdt')[0], /STALE/, 'a ticking contract is not stale');

    tmux.resize(70, 30);
    screen = await tmux.until(
      (s) => s.split('\n').every((l) => l.length <= 70) && /^ots quote/m.test(s),
      'a redraw at 70 columns',
    );
    assert.ok(rowsOf(screen, 'sim/btc.usdt').length === 1);

    tmux.keys('q');
    screen = await tmux.until((s) => s.includes('EXIT:0'), 'the board quitting with exit code 0');
    assert.equal(tmux.format('alternate_on'), '0', 'back on the main screen');
    assert.equal(tmux.format('cursor_flag'), '1', 'cursor shown again');
    assert.doesNotMatch(screen, /sim\/btc\.usdt/, 'the board is gone with the alternate screen');
  } finally {
    tmux.kill();
  }
});

test('Ctrl-C quits the board and restores the terminal', { skip }, async () => {
  const tmux = board('sim/eth.usdt');
  try {
    await tmux.until((s) => /^sim\/eth\.usdt +\d+\.\d{2}/m.test(s), 'a sim/eth.usdt row with prices');
    tmux.keys('C-c');
    await tmux.until((s) => s.includes('EXIT:0'), 'the board quitting with exit code 0');
    assert.equal(tmux.format('alternate_on'), '0');
    assert.equal(tmux.format('cursor_flag'), '1');
    // The terminal is back in cooked mode: typed text echoes.
    tmux.keys('echo typed-after', 'Enter');
    await tmux.until((s) => s.includes('typed-after'), 'typed text echoed by the terminal');
  } finally {
    tmux.kill();
  }
});
