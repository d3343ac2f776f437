/**
 * The quote board as text: a pure function from the board's state and the time to the lines on
 * screen, so it is tested without a terminal. Columns: contract, bid, ask, last, spread, volume and
 * change over the last minute, a sparkline of the last minute; `depth` adds book levels under each
 * contract; a contract with no tick for `staleMs` is marked STALE with its age.
 */
import type { BoardState, ContractView } from './board-state.js';
import { sparkline } from './sparkline.js';

export interface RenderOptions {
  /** Epoch ms "now" (for ages, staleness and the window). */
  now: number;
  /** Terminal width; lines are cut to it. */
  columns: number;
  /** Book levels per side under each contract; 0 shows only the top of book. */
  depth: number;
  /** A contract with no tick for this long is stale. */
  staleMs: number;
  /** Sparkline width in characters; default 20. */
  sparkWidth?: number;
}

interface Cell {
  text: string;
  right?: boolean;
}

const HEADERS: Cell[] = [
  { text: 'contract' },
  { text: 'bid', right: true },
  { text: 'ask', right: true },
  { text: 'last', right: true },
  { text: 'spread', right: true },
  { text: 'vol 1m', right: true },
  { text: 'chg 1m', right: true },
  { text: 'last minute' },
  { text: '' },
];

export function renderBoard(state: BoardState, options: RenderOptions): string[] {
  const sparkWidth = options.sparkWidth ?? 20;
  const rows = state.views.map((view) => contractCells(view, state.windowMs, options, sparkWidth));
  const widths = HEADERS.map((h, i) => Math.max(h.text.length, ...rows.map((r) => r[i].text.length)));
  // Price columns keep a minimum width so the board does not shift as prices grow a digit.
  for (const i of [1, 2, 3]) widths[i] = Math.max(widths[i], 10);
  const line = (cells: Cell[]) =>
    cells
      .map((c, i) => (c.right ? c.text.padStart(widths[i]) : c.text.padEnd(widths[i])))
      .join('  ')
      .trimEnd();

  const clock = new Date(options.now).toISOString().slice(11, 19);
  const lines = [`ots quote  ${state.url}  ${state.status}  ${clock} UTC   q quits`, '', line(HEADERS)];
  state.views.forEach((view, i) => {
    // A contract without data has one note instead of numbers; it starts right after the name.
    const note = view.error ?? (view.tick ? undefined : 'waiting for the first tick');
    lines.push(note !== undefined ? `${view.contract.padEnd(widths[0])}  ${note}` : line(rows[i]));
    if (options.depth > 0 && view.tick && !view.error) lines.push(...depthLines(view, options.depth));
  });
  return lines.map((l) => cut(l, options.columns));
}

function contractCells(
  view: ContractView,
  windowMs: number,
  options: RenderOptions,
  sparkWidth: number,
): Cell[] {
  const tick = view.tick;
  if (view.error || !tick || view.receivedAt === undefined) {
    return [{ text: view.contract }, ...HEADERS.slice(1).map(() => ({ text: '' }))];
  }
  const price = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(view.decimals));
  const inWindow = view.samples.filter((s) => s.at >= options.now - windowMs);
  const volume = inWindow.reduce((sum, s) => sum + s.volume, 0);
  const first = view.samples.find((s) => s.at >= options.now - windowMs) ?? view.samples[0];
  const change = first && first.price !== 0 ? ((tick.price - first.price) / first.price) * 100 : 0;
  const bid = tick.bid1;
  const ask = tick.ask1;
  const age = options.now - view.receivedAt;
  return [
    { text: view.contract },
    { text: price(bid), right: true },
    { text: price(ask), right: true },
    { text: price(tick.price), right: true },
    { text: bid !== undefined && ask !== undefined ? price(ask - bid) : '-', right: true },
    { text: trimNumber(volume, 4), right: true },
    { text: `${change >= 0 ? '+' : ''}${change.toFixed(2)}%`, right: true },
    { text: sparkline(view.samples, options.now, windowMs, sparkWidth) },
    { text: age >= options.staleMs ? `STALE ${Math.floor(age / 1000)}s` : '' },
  ];
}

function depthLines(view: ContractView, depth: number): string[] {
  const tick = view.tick!;
  const out: string[] = [];
  for (let level = 0; level < depth; level++) {
    const bid = tick.bids[level];
    const ask = tick.asks[level];
    if (!bid && !ask) break;
    const side = (l: { price: number; volume: number } | undefined) =>
      l ? `${l.price.toFixed(view.decimals)} x ${trimNumber(l.volume, 4)}` : '-';
    out.push(`  ${String(level + 1).padStart(2)}  bid ${side(bid).padEnd(26)}  ask ${side(ask)}`);
  }
  return out;
}

function trimNumber(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function cut(line: string, columns: number): string {
  return columns > 0 && line.length > columns ? line.slice(0, columns) : line;
}
