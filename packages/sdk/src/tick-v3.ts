import { type BookLevel, OtsError, Tick, Timestamp } from '@ots/protocol';

/**
 * The tick-v3 client algorithm (incremental book): a snapshot (`tp: "s"`) gives the whole book, each
 * diff (`tp: "d"`) sets levels (`[price, volume]`) or deletes them (`[price, 0]`), and replaces the time,
 * exchange time, last, volume and turnover. Every message yields a full `Tick`.
 *
 * Unlike PYSDK, the update id `ui` is checked: a diff that does not follow the last one means a
 * message was lost, so the book is dropped until the next snapshot instead of silently going wrong.
 */

export interface TickV3Message {
  tp: 's' | 'd';
  ui?: number;
  tm: number;
  et?: number | null;
  c: string;
  l: number;
  v?: number;
  vc?: number | null;
  b?: Array<[number, number]>;
  a?: Array<[number, number]>;
}

export class TickV3Book {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private lastUpdateId: number | undefined;

  /**
   * Applies one message. Returns the full tick, or an `OtsError` explaining why the message could not be
   * applied (a diff before any snapshot, a gap in `ui`, a malformed message), after which the book waits
   * for the next snapshot.
   */
  apply(message: TickV3Message, hasSnapshot: boolean): Tick | OtsError {
    if (message.tp === 's') {
      this.bids.clear();
      this.asks.clear();
    } else if (!hasSnapshot) {
      return new OtsError(
        'sdk-bad-message',
        `tick-v3 diff for ${message.c} arrived before its snapshot; dropped`,
        {
          status: 0,
        },
      );
    } else if (
      typeof message.ui === 'number' &&
      this.lastUpdateId !== undefined &&
      message.ui !== this.lastUpdateId + 1
    ) {
      return new OtsError(
        'sdk-bad-message',
        `tick-v3 diff for ${message.c} has update id ${message.ui} after ${this.lastUpdateId}: ` +
          'a message was missed; waiting for the next snapshot',
        { status: 0 },
      );
    }
    const bad = merge(this.bids, message.b) ?? merge(this.asks, message.a);
    if (bad)
      return new OtsError('sdk-bad-message', `tick-v3 message for ${message.c} has ${bad}`, { status: 0 });
    this.lastUpdateId = typeof message.ui === 'number' ? message.ui : undefined;
    try {
      return new Tick({
        time: Timestamp.fromEpochSeconds(message.tm),
        exchange_time: typeof message.et === 'number' ? Timestamp.fromEpochSeconds(message.et) : null,
        price: message.l,
        volume: message.v ?? 0,
        amount: typeof message.vc === 'number' ? message.vc : null,
        contract: message.c,
        source: 'tick.v3',
        bids: levels(this.bids, -1),
        asks: levels(this.asks, 1),
      });
    } catch (error) {
      return error instanceof OtsError
        ? error
        : new OtsError('sdk-bad-message', String(error), { status: 0 });
    }
  }
}

/**
 * Keeps one book per contract of a connection; a disconnect clears them all (snapshots come again).
 * A broken book is reported once and then waits quietly for its next snapshot.
 */
export class TickV3Books {
  private readonly books = new Map<string, TickV3Book>();
  private readonly waiting = new Set<string>();

  /** The full tick, an error to report, or undefined for a diff dropped while waiting for a snapshot. */
  apply(message: unknown): Tick | OtsError | undefined {
    const m = message as TickV3Message;
    if ((m.tp !== 's' && m.tp !== 'd') || typeof m.c !== 'string' || typeof m.tm !== 'number') {
      const shown = JSON.stringify(message).slice(0, 120);
      return new OtsError('sdk-bad-message', `tick-v3 message without tp, c or tm: ${shown}`, { status: 0 });
    }
    if (m.tp === 'd' && this.waiting.has(m.c)) return undefined;
    let book = this.books.get(m.c);
    const hasSnapshot = book !== undefined;
    if (!book) book = new TickV3Book();
    const result = book.apply(m, hasSnapshot);
    if (result instanceof Tick) {
      this.books.set(m.c, book);
      this.waiting.delete(m.c);
    } else {
      this.books.delete(m.c);
      this.waiting.add(m.c);
    }
    return result;
  }

  clear(): void {
    this.books.clear();
    this.waiting.clear();
  }
}

function merge(side: Map<number, number>, updates: unknown): string | undefined {
  if (updates === undefined) return undefined;
  if (!Array.isArray(updates)) return 'a book side that is not a list of [price, volume]';
  for (const level of updates) {
    if (!Array.isArray(level) || typeof level[0] !== 'number' || typeof level[1] !== 'number') {
      return `a book level ${JSON.stringify(level)} that is not [price, volume]`;
    }
    if (level[1] <= 0) side.delete(level[0]);
    else side.set(level[0], level[1]);
  }
  return undefined;
}

function levels(side: Map<number, number>, direction: 1 | -1): BookLevel[] {
  const out: BookLevel[] = [];
  for (const [price, volume] of side) out.push({ price, volume });
  return out.sort((x, y) => direction * (x.price - y.price));
}
