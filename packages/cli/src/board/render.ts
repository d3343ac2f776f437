/**
 * The quote board as text: a pure function from the board's state and the time to the lines on
 * screen, so it is tested without a terminal. Columns: contract, bid, ask, last, spread, volume and
 * change over the last minute, a sparkline of the last minute; `depth` adds book levels under each
 * contract; a contract with no tick for `staleMs` is marked STALE with its age.
 *
 * With `color`, the last price and the change are green when up and red when down, stale rows are
 * dim and problems yellow or red; lines are cut to the terminal width by their visible characters.
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
  /** ANSI colours (a terminal that wants them); default false: plain text. */
  color?: boolean;
}

type Style = 'up' | 'down' | 'dim' | 'bold' | 'warn';

const SGR: Record<Style, [string, string]> = {
  up: ['\x1b[32m', '\x1b[39m'],
  down: ['\x1b[31m', '\x1b[39m'],
  warn: ['\x1b[33m', '\x1b[39m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  bold: ['\x1b[1m', '\x1b[22m'],
};

interface Cell {
  text: string;
  right?: boolean;
  style?: Style;
}

/** A screen line: text pieces with an optional style each. */
type Segment = { text: string; style?: Style };

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
  const line = (cells: Cell[], rowStyle?: Style): Segment[] => {
    const segments: Segment[] = [];
    cells.forEach((c, i) => {
      if (i > 0) segments.push({ text: '  ' });
      const text = c.right ? c.text.padStart(widths[i]) : c.text.padEnd(widths[i]);
      segments.push({ text, style: c.style ?? rowStyle });
    });
    return trimEnd(segments);
  };

  const clock = new Date(options.now).toISOString().slice(11, 19);
  const lines: Segment[][] = [
    [
      { text: 'ots quote', style: 'bold' },
      { text: `  ${state.url}  ` },
      { text: statusText(state, options.now), style: state.status === 'live' ? 'up' : 'warn' },
      { text: `  ${clock} UTC   q quits` },
    ],
    [],
    line(HEADERS, 'bold'),
  ];
  state.views.forEach((view, i) => {
    // A contract without data has one note instead of numbers; it starts right after the name.
    const note = view.error ?? (view.tick ? undefined : 'waiting for the first tick');
    if (note !== undefined) {
      lines.push([
        { text: `${view.contract.padEnd(widths[0])}  ` },
        { text: note, style: view.error ? 'down' : 'dim' },
      ]);
      return;
    }
    const stale = rows[i][8].text !== '';
    lines.push(line(rows[i], stale ? 'dim' : undefined));
    if (options.depth > 0) lines.push(...depthLines(view, options.depth));
  });
  return lines.map((segments) => finish(segments, options.columns, options.color === true));
}

function statusText(state: BoardState, now: number): string {
  const retry =
    state.retryAt !== undefined ? ` in ${Math.max(0, Math.ceil((state.retryAt - now) / 1000))}s` : '';
  return `${state.status}${retry}${state.note ? ` (${state.note})` : ''}`;
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
  const previous = view.samples.length > 1 ? view.samples[view.samples.length - 2].price : tick.price;
  const bid = tick.bid1;
  const ask = tick.ask1;
  const age = options.now - view.receivedAt;
  return [
    { text: view.contract },
    { text: price(bid), right: true },
    { text: price(ask), right: true },
    { text: price(tick.price), right: true, style: direction(tick.price - previous) },
    { text: bid !== undefined && ask !== undefined ? price(ask - bid) : '-', right: true },
    { text: trimNumber(volume, 4), right: true },
    { text: `${change >= 0 ? '+' : ''}${change.toFixed(2)}%`, right: true, style: direction(change) },
    { text: sparkline(view.samples, options.now, windowMs, sparkWidth) },
    age >= options.staleMs ? { text: `STALE ${Math.floor(age / 1000)}s`, style: 'warn' } : { text: '' },
  ];
}

function direction(delta: number): Style | undefined {
  return delta > 0 ? 'up' : delta < 0 ? 'down' : undefined;
}

function depthLines(view: ContractView, depth: number): Segment[][] {
  const tick = view.tick!;
  const out: Segment[][] = [];
  for (let level = 0; level < depth; level++) {
    const bid = tick.bids[level];
    const ask = tick.asks[level];
    if (!bid && !ask) break;
    const side = (l: { price: number; volume: number } | undefined) =>
      l ? `${l.price.toFixed(view.decimals)} x ${trimNumber(l.volume, 4)}` : '-';
    out.push([
      { text: `  ${String(level + 1).padStart(2)}  ` },
      { text: `bid ${side(bid).padEnd(26)}`, style: 'up' },
      { text: '  ' },
      { text: `ask ${side(ask)}`, style: 'down' },
    ]);
  }
  return out;
}

function trimNumber(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function trimEnd(segments: Segment[]): Segment[] {
  const out = [...segments];
  while (out.length > 0) {
    const last = out[out.length - 1];
    const trimmed = last.text.trimEnd();
    if (trimmed !== '') {
      out[out.length - 1] = { ...last, text: trimmed };
      break;
    }
    out.pop();
  }
  return out;
}

/** Cuts a line to `columns` visible characters, then applies its styles (or not). */
function finish(segments: Segment[], columns: number, color: boolean): string {
  let room = columns > 0 ? columns : Number.POSITIVE_INFINITY;
  let out = '';
  for (const segment of segments) {
    if (room <= 0) break;
    const text = segment.text.length > room ? segment.text.slice(0, room) : segment.text;
    room -= text.length;
    out +=
      color && segment.style && text !== ''
        ? `${SGR[segment.style][0]}${text}${SGR[segment.style][1]}`
        : text;
  }
  return out;
}
