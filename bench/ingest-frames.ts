/**
 * The frames the ingest bench feeds: OKX v5 public websocket messages for BTC-USDT, a `books`
 * snapshot (400 levels a side) then updates (1-4 levels each, seqId chained) and `trades`, in the
 * proportions of a busy spot market (about 4 book updates per trade message). Generated from a seed
 * in OKX's documented format, written once to bench/fixtures/, and read back as JSON lines.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { seededRandom } from './lib/random.js';

export const INSTRUMENT = {
  instType: 'SPOT',
  instId: 'BTC-USDT',
  uly: '',
  instFamily: '',
  baseCcy: 'BTC',
  quoteCcy: 'USDT',
  settleCcy: '',
  ctVal: '',
  ctMult: '',
  ctValCcy: '',
  optType: '',
  stk: '',
  listTime: '1548133413000',
  expTime: '',
  lever: '10',
  tickSz: '0.1',
  lotSz: '0.00000001',
  minSz: '0.00001',
  ctType: '',
  alias: '',
  state: 'live',
  maxLmtSz: '9999999999',
  maxMktSz: '1000000',
};

const px = (ticks: number) => (ticks / 10).toFixed(1);
const sz = (r: () => number) => (0.0001 + r() * 2).toFixed(8);

export function generateFrames(count: number, seed = 20261125): string[] {
  const r = seededRandom(seed);
  const arg = { channel: 'books', instId: 'BTC-USDT' };
  const mid = 900_000; // 90000.0 in ticks of 0.1
  let seq = 1000;
  let ts = Date.UTC(2026, 10, 25, 12);
  const level = (ticks: number) => [px(ticks), sz(r), '0', String(1 + Math.floor(r() * 9))];
  const frames: string[] = [];
  frames.push(
    JSON.stringify({
      arg,
      action: 'snapshot',
      data: [
        {
          asks: Array.from({ length: 400 }, (_, i) => level(mid + 1 + i)),
          bids: Array.from({ length: 400 }, (_, i) => level(mid - i)),
          ts: String(ts),
          checksum: 0,
          prevSeqId: -1,
          seqId: seq,
        },
      ],
    }),
  );
  let tradeId = 500_000_000;
  while (frames.length < count) {
    ts += 1 + Math.floor(r() * 20);
    if (r() < 0.2) {
      const n = 1 + Math.floor(r() * 3);
      frames.push(
        JSON.stringify({
          arg: { channel: 'trades', instId: 'BTC-USDT' },
          data: Array.from({ length: n }, () => ({
            instId: 'BTC-USDT',
            tradeId: String(tradeId++),
            px: px(mid + Math.floor(r() * 3) - 1),
            sz: sz(r),
            side: r() < 0.5 ? 'buy' : 'sell',
            ts: String(ts),
          })),
        }),
      );
      continue;
    }
    const changes = () =>
      Array.from({ length: Math.floor(r() * 3) }, () => {
        const l = level(0);
        return [px(Math.floor(r() * 40)), r() < 0.2 ? '0' : l[1], '0', l[3]];
      });
    const asks = changes().map((l) => [px(mid + 1 + Number(l[0]) * 10), l[1], l[2], l[3]]);
    const bids = changes().map((l) => [px(mid - Number(l[0]) * 10), l[1], l[2], l[3]]);
    const prevSeqId = seq;
    seq += 1;
    frames.push(
      JSON.stringify({
        arg,
        action: 'update',
        data: [{ asks, bids, ts: String(ts), checksum: 0, prevSeqId, seqId: seq }],
      }),
    );
  }
  return frames;
}

/** The frames from the fixture file (written on first use). */
export function loadFrames(file: string, count: number): string[] {
  if (!existsSync(file)) writeFileSync(file, `${generateFrames(count).join('\n')}\n`);
  return readFileSync(file, 'utf8').trim().split('\n');
}
