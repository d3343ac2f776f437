/**
 * One side of the engine bench, run in its own child process so each side's memory and JIT are its
 * own: `node --import tsx bench/engine-runner.ts <ots|peer> <throughput|latency|deep> <stream file>`.
 * Prints one JSON line of results.
 *
 * `ots` replays the stream through `Engine.apply` (the gateway's API: ledger, fees, self-trade
 * prevention and events on; the sink counts events without reading them, so no JSON or date is
 * formatted). `peer` replays it through nodejs-order-book with its self-trade prevention on.
 */
import { DEFAULT_SIM_CONTRACTS, Engine, seededRandom } from '@ots/engine';
import { OrderBook, SelfTradePreventionMode, Side } from 'nodejs-order-book';
import { ACCOUNTS, LOT, OP_CANCEL, OP_MARKET, RECORD, readStream, TICK } from './engine-stream.js';

const CONTRACT = 'sim/btc.usdt';
const config = { contracts: [...DEFAULT_SIM_CONTRACTS] };
const accountNames = Array.from({ length: ACCOUNTS }, (_, i) => `sim/bench-${i}`);

/** A replayer: `run(i)` performs operation i of the stream. */
interface Side_ {
  run(i: number): void;
  events(): number;
}

function otsSide(stream: Int32Array): Side_ {
  let events = 0;
  const engine = new Engine(config, () => {
    events++;
  });
  for (const account of accountNames) {
    engine.apply({ kind: 'deposit', account, currency: 'usdt', amount: 50_000_000 }, 1);
    engine.apply({ kind: 'deposit', account, currency: 'btc', amount: 800 }, 1);
  }
  // Like the gateway, which reads exchange_oids back from its store as new strings, the harness
  // keeps the numbers and writes `{contract}-{id}` when it cancels.
  const ids = new Int32Array(stream.length / RECORD);
  // While every place is accepted (all of the stream's are), the engine numbers orders 1, 2, 3...
  // in placing order, so a cancel's id is its target's index + 1, as the peer side takes its
  // target's index for its id; only then does `ids` go unread. Reading it at random, a table of
  // 2.8 MB, was a cache miss per cancel, 2-3% of the OTS side's time and no work of the engine's.
  let sequential = true;
  let now = 1_700_000_000_000_000;
  const options = [{ type: 'limit' }, {}, { type: 'market' }, { type: 'limit' }];
  // The harness's own work stays out of the timed loop: client_oids are made up front (the gateway
  // gets them parsed from the request), and one command object per kind is refilled for each
  // operation (the gateway parses a new one per request; the engine keeps only its fields, and
  // this sink keeps no event).
  const clientOids = clientOidsOf(stream);
  const place = {
    kind: 'place' as const,
    account: '',
    contract: CONTRACT,
    bs: 'b' as 'b' | 's',
    price: 0,
    amount: 0,
    client_oid: '',
    options: options[0],
  };
  const cancel = { kind: 'cancel' as const, account: '', exchange_oid: '' };
  return {
    events: () => events,
    run(i) {
      const o = i * RECORD;
      const kind = stream[o];
      now += 1;
      if (kind === OP_CANCEL) {
        const target = stream[o + 5];
        const id = sequential ? target + 1 : ids[target];
        if (id !== 0) {
          cancel.account = accountNames[stream[o + 1]];
          cancel.exchange_oid = `${CONTRACT}-${decimalOf(id)}`;
          engine.apply(cancel, now);
        }
        return;
      }
      place.account = accountNames[stream[o + 1]];
      place.bs = stream[o + 2] === 0 ? 'b' : 's';
      place.price = stream[o + 3] * TICK;
      place.amount = stream[o + 4] * LOT;
      place.client_oid = clientOids[stream[o + 5]];
      place.options = options[kind];
      const result = engine.apply(place, now);
      const target = stream[o + 5];
      if (result.ok) {
        const id = idOf(result.exchange_oid!);
        ids[target] = id;
        if (id !== target + 1) sequential = false;
      } else sequential = false;
    },
  };
}

/** The client_oid of each placing operation, by its index among them. */
function clientOidsOf(stream: Int32Array): string[] {
  const out: string[] = [];
  for (let o = 0; o < stream.length; o += RECORD)
    if (stream[o] !== OP_CANCEL) out[stream[o + 5]] = `c${stream[o + 5]}`;
  return out;
}

/** `0`..`999` without and with leading zeros. */
const PLAIN = Array.from({ length: 1000 }, (_, i) => String(i));
const PADDED = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * `String(n)` for the ids both sides are given, joined from three-digit strings.
 * Why: a gateway gets these strings from parsing a request, where no cache holds them; V8's
 * number-to-string conversion parks each new string in its cache of recent conversions, so the
 * strings outlive a young-generation collection and the side that made them pays to copy them.
 */
function decimalOf(n: number): string {
  if (n < 1000) return PLAIN[n];
  if (n < 1_000_000) {
    const high = Math.floor(n / 1000);
    return PLAIN[high] + PADDED[n - high * 1000];
  }
  if (n >= 1_000_000_000) return String(n);
  const high = Math.floor(n / 1_000_000);
  const rest = n - high * 1_000_000;
  const middle = Math.floor(rest / 1000);
  return PLAIN[high] + PADDED[middle] + PADDED[rest - middle * 1000];
}

/** The number after the last '-' of an exchange_oid. */
function idOf(oid: string): number {
  let id = 0;
  let scale = 1;
  for (let i = oid.length - 1; i >= 0; i--) {
    const digit = oid.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    id += digit * scale;
    scale *= 10;
  }
  return id;
}

function peerSide(stream: Int32Array): Side_ {
  const ob = new OrderBook();
  const stp = SelfTradePreventionMode.EXPIRE_TAKER;
  const accountIds = accountNames;
  // The stream's cancel names no account; the peer needs none. Ids are the stream's place indices.
  return {
    events: () => 0,
    run(i) {
      const o = i * RECORD;
      const kind = stream[o];
      if (kind === OP_CANCEL) {
        ob.cancel(decimalOf(stream[o + 5]));
        return;
      }
      const side = stream[o + 2] === 0 ? Side.BUY : Side.SELL;
      const size = stream[o + 4] * LOT;
      const accountId = accountIds[stream[o + 1]];
      if (kind === OP_MARKET) ob.market({ side, size, accountId, stpMode: stp });
      else
        ob.limit({
          side,
          id: decimalOf(stream[o + 5]),
          size,
          price: stream[o + 3] * TICK,
          accountId,
          stpMode: stp,
        });
    },
  };
}

/** The cancel's account is the placing order's: fill it in once, outside any timing. */
function resolveCancelAccounts(stream: Int32Array): void {
  const accountOfPlace = new Int32Array(stream.length / RECORD);
  for (let o = 0; o < stream.length; o += RECORD) {
    if (stream[o] === OP_CANCEL) stream[o + 1] = accountOfPlace[stream[o + 5]];
    else accountOfPlace[stream[o + 5]] = stream[o + 1];
  }
}

function makeSide(name: string, stream: Int32Array): Side_ {
  return name === 'ots' ? otsSide(stream) : peerSide(stream);
}

function throughput(name: string, stream: Int32Array) {
  const side = makeSide(name, stream);
  const count = stream.length / RECORD;
  collectSetupGarbage();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) side.run(i);
  const ns = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  // CPU seconds of the whole process (GC threads included): a check on a machine shared with others.
  const cpuSeconds = (used.user + used.system) / 1e6;
  return {
    ops: count,
    seconds: ns / 1e9,
    opsPerSecond: count / (ns / 1e9),
    cpuSeconds,
    events: side.events(),
  };
}

/**
 * A full collection before timing, on both sides: the harness's setup (the stream, 700,000
 * client_oid strings) otherwise lands in the timed loop as an early mark-compact of the side that
 * made it. `bench/engine.ts` starts the children with `--expose-gc`.
 */
function collectSetupGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Every 8th operation timed alone; percentiles of those samples. */
function latency(name: string, stream: Int32Array) {
  const side = makeSide(name, stream);
  const count = stream.length / RECORD;
  const samples: number[] = [];
  collectSetupGarbage();
  for (let i = 0; i < count; i++) {
    if ((i & 7) === 0) {
      const t = process.hrtime.bigint();
      side.run(i);
      samples.push(Number(process.hrtime.bigint() - t));
    } else side.run(i);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { samples: samples.length, p50Ns: at(0.5), p99Ns: at(0.99), p999Ns: at(0.999) };
}

/**
 * Cancel cost against queue depth: 5,000 orders on ONE price level, and 5,000 orders spread over
 * 100 levels of 50, each cancelled in the same random order; nanoseconds per cancel, best of 9
 * rounds after a warm-up round (so both shapes run optimised code).
 */
function deep(name: string) {
  const perCancel = (levels: number, perLevel: number): number => {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round <= 9; round++) {
      const total = levels * perLevel;
      const order = Array.from({ length: total }, (_, i) => i);
      const r = seededRandom(round + 1);
      for (let i = total - 1; i > 0; i--) {
        const j = r.int(0, i);
        [order[i], order[j]] = [order[j], order[i]];
      }
      let cancel: (i: number) => void;
      if (name === 'ots') {
        const engine = new Engine(config, () => {});
        engine.apply({ kind: 'deposit', account: 'a', currency: 'usdt', amount: 50_000_000 }, 1);
        const oids: string[] = [];
        for (let i = 0; i < total; i++) {
          const price = (5_000_000 - Math.floor(i / perLevel)) * TICK;
          const res = engine.apply(
            {
              kind: 'place',
              account: 'a',
              contract: CONTRACT,
              bs: 'b',
              price,
              amount: LOT * 10,
              client_oid: `d${i}`,
            },
            2,
          );
          oids.push(res.ok ? res.exchange_oid! : '');
        }
        cancel = (i) => {
          engine.apply({ kind: 'cancel', account: 'a', exchange_oid: oids[i] }, 3);
        };
      } else {
        const ob = new OrderBook();
        for (let i = 0; i < total; i++) {
          ob.limit({
            side: Side.BUY,
            id: `d${i}`,
            size: LOT * 10,
            price: (5_000_000 - Math.floor(i / perLevel)) * TICK,
          });
        }
        cancel = (i) => {
          ob.cancel(`d${i}`);
        };
      }
      const start = process.hrtime.bigint();
      for (const i of order) cancel(i);
      if (round > 0) best = Math.min(best, Number(process.hrtime.bigint() - start) / total);
    }
    return best;
  };
  const oneLevel = perCancel(1, 5000);
  const spread = perCancel(100, 50);
  return { oneLevelNsPerCancel: oneLevel, hundredLevelsNsPerCancel: spread, ratio: oneLevel / spread };
}

const [name, mode, file] = process.argv.slice(2);
if (name !== 'ots' && name !== 'peer') throw new Error('first argument: ots or peer');
let result: unknown;
if (mode === 'deep') result = deep(name);
else {
  const stream = readStream(file);
  resolveCancelAccounts(stream);
  result = mode === 'latency' ? latency(name, stream) : throughput(name, stream);
}
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ name, mode, ...(result as object), maxRssMb: usage.maxRSS / 1024 })}\n`,
);
