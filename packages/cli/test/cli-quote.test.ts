/**
 * `ots quote` piped: one verbose JSON tick per line, a clean exit when the reader goes away or on
 * Ctrl-C, and a refused contract as an error with a hint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CliGateway, startCliGateway } from './support/cli-gateway.js';
import { OtsChild } from './support/ots-child.js';
import { runOts } from './support/run-ots.js';

let g: CliGateway;
before(async () => {
  g = await startCliGateway();
});
after(() => g.close());

function contractsSeen(lines: string[]): Set<string> {
  return new Set(lines.filter((l) => l !== '').map((l) => JSON.parse(l).contract));
}

for (const form of ['verbose', 'v3'] as const) {
  test(`piped (${form}): every line is a full verbose tick, for every contract asked`, async () => {
    const args = ['quote', 'sim/btc.usdt', 'sim/eth.usdt', ...(form === 'v3' ? ['--v3'] : [])];
    const child = new OtsChild(args, g.env({ OTS_URL: g.gateway.url }));
    await child.until(
      () => contractsSeen(child.lines).size === 2 && child.lines.length >= 4,
      'ticks of both contracts',
    );
    for (const line of child.lines) {
      const tick = JSON.parse(line);
      assert.deepEqual(
        Object.keys(tick)
          .filter((k) => ['asks', 'bids', 'contract', 'last', 'time', 'volume'].includes(k))
          .sort(),
        ['asks', 'bids', 'contract', 'last', 'time', 'volume'],
      );
      assert.ok(tick.bids.length > 1 && tick.asks.length > 1, 'the whole book, not one level');
      assert.ok(tick.bids[0].price < tick.asks[0].price);
    }
    child.process.kill('SIGINT');
    assert.equal(await child.exited, 0, 'Ctrl-C ends the stream cleanly');
  });
}

test('piped into a reader that stops (| head -3), it exits 0 without an EPIPE trace', async () => {
  const child = new OtsChild(['quote', 'sim/btc.usdt'], g.env({ OTS_URL: g.gateway.url }));
  await child.until(() => child.lines.length >= 1, 'a first tick');
  child.process.stdout.destroy();
  assert.equal(await child.exited, 0);
  assert.equal(child.stderr, '');
});

test('a contract the gateway does not have is an error with a hint', async () => {
  const run = await runOts(['quote', 'sim/nope.usdt'], g.env({ OTS_URL: g.gateway.url }));
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^ots quote: contract-not-exist: .*sim\/nope\.usdt/);
  assert.match(run.stderr, /hint: contracts look like sim\/btc\.usdt/);
});
