/**
 * The quote board's renderer as a function: state and time in, screen lines out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tick } from '@ots/protocol';
import { BoardState, decimalsOf } from '../src/board/board-state.js';
import { renderBoard } from '../src/board/render.js';
import { sparkline } from '../src/board/sparkline.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function tick(contract: string, last: number, bid: number, ask: number, volume = 0.5): Tick {
  return new Tick({
    time: new Date(T0),
    price: last,
    volume,
    contract,
    bids: [
      { price: bid, volume: 1.25 },
      { price: bid - 0.5, volume: 2 },
    ],
    asks: [
      { price: ask, volume: 0.75 },
      { price: ask + 0.5, volume: 3 },
    ],
  });
}

const OPTIONS = { columns: 200, depth: 0, staleMs: 5000 };

test('a contract row shows bid, ask, last, spread, one-minute volume and change, and a sparkline', () => {
  const state = new BoardState(['sim/btc.usdt'], 'http://127.0.0.1:8700');
  state.setStatus('live');
  state.update(tick('sim/btc.usdt', 60000, 59999.5, 60000.5), T0);
  state.update(tick('sim/btc.usdt', 60300, 60299.5, 60300.25), T0 + 30_000);
  const lines = renderBoard(state, { ...OPTIONS, now: T0 + 30_000 });
  assert.equal(lines[0], 'ots quote  http://127.0.0.1:8700  live  12:00:30 UTC   q quits');
  assert.match(lines[2], /^contract\s+bid\s+ask\s+last\s+spread\s+vol 1m\s+chg 1m\s+last minute$/);
  const cells = lines[3].split(/\s{2,}/);
  assert.deepEqual(cells.slice(0, 7), [
    'sim/btc.usdt',
    '60299.50',
    '60300.25',
    '60300.00',
    '0.75',
    '1',
    '+0.50%',
  ]);
  assert.match(cells[7], /^ *▁+█+$/, 'the sparkline rises');
  assert.equal(lines.length, 4);
});

test('--depth shows that many levels per side under the contract', () => {
  const state = new BoardState(['sim/btc.usdt'], 'u');
  state.update(tick('sim/btc.usdt', 100, 99.5, 100.5), T0);
  const lines = renderBoard(state, { ...OPTIONS, depth: 2, now: T0 });
  assert.match(lines[4], /^ +1 +bid 99\.5 x 1\.25 +ask 100\.5 x 0\.75$/);
  assert.match(lines[5], /^ +2 +bid 99\.0 x 2 +ask 101\.0 x 3$/);
  assert.equal(lines.length, 6, 'the book has two levels, so --depth 5 would still show two');
  assert.equal(renderBoard(state, { ...OPTIONS, depth: 5, now: T0 }).length, 6);
});

test('a contract without a tick for the stale time is marked STALE with its age', () => {
  const state = new BoardState(['sim/btc.usdt', 'sim/eth.usdt'], 'u');
  state.update(tick('sim/btc.usdt', 100, 99.5, 100.5), T0);
  state.update(tick('sim/eth.usdt', 10, 9.99, 10.01), T0 + 6_000);
  const lines = renderBoard(state, { ...OPTIONS, now: T0 + 7_000 });
  assert.match(lines[3], /^sim\/btc\.usdt .*STALE 7s$/);
  assert.doesNotMatch(lines[4], /STALE/);
});

test('contracts waiting for data or refused by the gateway say so', () => {
  const state = new BoardState(['sim/btc.usdt', 'sim/nope.x'], 'u');
  state.fail('sim/nope.x', 'contract-not-exist: no contract "sim/nope.x"');
  const lines = renderBoard(state, { ...OPTIONS, now: T0 });
  assert.match(lines[3], /^sim\/btc\.usdt +waiting for the first tick$/);
  assert.match(lines[4], /^sim\/nope\.x +contract-not-exist: no contract "sim\/nope\.x"$/);
});

test('lines are cut to the terminal width', () => {
  const state = new BoardState(['sim/btc.usdt'], 'http://127.0.0.1:8700');
  state.update(tick('sim/btc.usdt', 100, 99.5, 100.5), T0);
  for (const line of renderBoard(state, { ...OPTIONS, columns: 40, now: T0 }))
    assert.ok(line.length <= 40, line);
});

test('the window keeps one minute of samples (and one before it for the sparkline edge)', () => {
  const state = new BoardState(['sim/btc.usdt'], 'u', 60_000);
  for (let s = 0; s <= 120; s += 10) state.update(tick('sim/btc.usdt', 100 + s, 99, 101, 1), T0 + s * 1000);
  const view = state.view('sim/btc.usdt')!;
  assert.deepEqual(
    view.samples.map((x) => (x.at - T0) / 1000),
    [50, 60, 70, 80, 90, 100, 110, 120],
  );
  const row = renderBoard(state, { ...OPTIONS, now: T0 + 120_000 })[3].split(/\s{2,}/);
  assert.equal(row[5], '7', 'volume of the ticks inside the last minute');
  assert.equal(row[6], '+37.50%', 'from 160, the first price inside the minute, to 220');
});

test('sparkline: rising, flat, and blank before the first price', () => {
  const points = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ at: T0 + i * 1000 + 500, price: 10 + i }));
  assert.equal(sparkline(points, T0 + 8000, 8000, 8), '▁▂▃▄▅▆▇█');
  assert.equal(sparkline([{ at: T0, price: 5 }], T0 + 4000, 4000, 4), '▄▄▄▄');
  assert.equal(sparkline([{ at: T0 + 3500, price: 5 }], T0 + 4000, 4000, 4), '   ▄');
  assert.equal(sparkline([], T0, 4000, 4), '    ');
});

test('prices show with the decimals of their grid', () => {
  assert.equal(decimalsOf(tick('x/a.b', 0.04996, 0.04994, 0.04997)), 5);
  assert.equal(decimalsOf(tick('x/a.b', 60000, 59999.5, 60000.25)), 2);
});

test('with colour: up is green, down is red, stale rows dim; the width counts visible characters only', () => {
  const state = new BoardState(['sim/btc.usdt', 'sim/eth.usdt'], 'u');
  state.update(tick('sim/btc.usdt', 100, 99.5, 100.5), T0);
  state.update(tick('sim/btc.usdt', 101, 100.5, 101.5), T0 + 1000);
  state.update(tick('sim/eth.usdt', 10, 9.99, 10.01), T0 - 10_000);
  const lines = renderBoard(state, { ...OPTIONS, now: T0 + 1000, color: true });
  assert.match(lines[3], /\x1b\[32m +101\.0\x1b\[39m/, 'the last price rose: green');
  assert.ok(lines[3].includes('\x1b[32m+1.00%\x1b[39m'), 'so did the change');
  assert.ok(lines[4].startsWith('\x1b[2msim/eth.usdt'), 'the stale row is dim');
  assert.ok(lines[4].includes('\x1b[33mSTALE 11s\x1b[39m'));
  const plain = (line: string) => line.replace(/\x1b\[\d+m/g, '');
  assert.deepEqual(lines.map(plain), renderBoard(state, { ...OPTIONS, now: T0 + 1000 }));
  for (const line of renderBoard(state, { ...OPTIONS, columns: 30, now: T0 + 1000, color: true })) {
    assert.ok(plain(line).length <= 30, line);
  }
});

test('the header says whether the board is live, and counts down to the next try when it is not', () => {
  const state = new BoardState(['sim/btc.usdt'], 'http://127.0.0.1:8700');
  assert.match(renderBoard(state, { ...OPTIONS, now: T0 })[0], / {2}connecting {2}/);
  state.setStatus(
    'reconnecting',
    T0 + 4000,
    'no gateway at http://127.0.0.1:8700: start one with `ots serve`',
  );
  assert.match(
    renderBoard(state, { ...OPTIONS, now: T0 + 1200 })[0],
    / {2}reconnecting in 3s \(no gateway at http:\/\/127\.0\.0\.1:8700: start one with `ots serve`\) {2}/,
  );
  state.setStatus('live');
  assert.match(
    renderBoard(state, { ...OPTIONS, now: T0 })[0],
    /^ots quote {2}http:\/\/127\.0\.0\.1:8700 {2}live {2}12:00:00 UTC/,
  );
});
