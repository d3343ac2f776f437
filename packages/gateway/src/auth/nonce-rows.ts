/**
 * How one key's nonce window is kept in `api_nonces`, so that a group commit writes one row per key
 * it serves, not one per request: a row holds the nonces one commit accepted for the key, as decimal
 * text separated by spaces (exact for nonces beyond 2^53). A row whose nonces have all left the
 * window is taken over by a later commit (an UPDATE in place, by row id), so rows are reused in turn
 * and the table stays bounded; at start the key's window is the largest of its rows' nonces.
 *
 * A row is known dead from its largest nonce alone: the window holds the largest nonces accepted so
 * far, so once the window is full every accepted nonce below its floor has left it for good.
 */
import type { WriteBatch } from '../store/write-batch.js';
import type { NonceWindow } from './nonce-window.js';

export const INSERT_NONCE_ROW = 'INSERT INTO api_nonces (seq, api_key, nonces) VALUES (?, ?, ?)';
export const REPLACE_NONCE_ROW = 'UPDATE api_nonces SET nonces = ? WHERE seq = ?';

const SEPARATOR = ' ';

/** The nonces of a row's text. */
export function parseNonceRow(text: string): bigint[] {
  return text.split(SEPARATOR).map((n) => BigInt(n));
}

interface NonceRow {
  seq: number;
  /** The largest nonce the row holds: the row is dead once this one has left the window. */
  newest: bigint;
}

export class KeyNonceRows {
  /** The key's rows by their largest nonce, ascending: dead rows come first. */
  private readonly rows: NonceRow[] = [];
  /** Accepted and not yet given to a batch. */
  private pending: bigint[] = [];

  constructor(
    readonly apiKey: string,
    private readonly window: NonceWindow,
  ) {}

  /**
   * Takes a row read at start (after the window was built from every row of the key). Returns false
   * for a dead row, which the caller deletes.
   */
  restore(seq: number, nonces: readonly bigint[]): boolean {
    let newest = nonces[0];
    for (const n of nonces) if (n > newest) newest = n;
    if (this.window.hasLeft(newest)) return false;
    this.insert({ seq, newest });
    return true;
  }

  /** Accepts a nonce in the window (false: used or stale); an accepted one waits for `writePending`. */
  accept(nonce: bigint): boolean {
    if (!this.window.accept(nonce)) return false;
    this.pending.push(nonce);
    return true;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Adds to `batch` the one write that stores the nonces accepted since the last batch: it takes over
   * the oldest dead row, or inserts a row with id `newSeq()` when no row is dead. Nonces that already
   * left the window (pushed out by later ones of the same batch) are not written: the window stored
   * after this batch is the window in memory, every member of it in this batch or a live row.
   */
  writePending(batch: WriteBatch, newSeq: () => number): void {
    const texts: string[] = [];
    let newest: bigint | undefined;
    for (const n of this.pending) {
      if (this.window.hasLeft(n)) continue;
      texts.push(n.toString());
      if (newest === undefined || n > newest) newest = n;
    }
    this.pending = [];
    if (newest === undefined) return;
    const text = texts.join(SEPARATOR);
    const oldest = this.rows[0];
    if (oldest !== undefined && this.window.hasLeft(oldest.newest)) {
      this.rows.shift();
      oldest.newest = newest;
      batch.add(REPLACE_NONCE_ROW, [text, oldest.seq]);
      this.insert(oldest);
    } else {
      const seq = newSeq();
      batch.add(INSERT_NONCE_ROW, [seq, this.apiKey, text]);
      this.insert({ seq, newest });
    }
  }

  /** Keeps `rows` ascending by largest nonce; a new row's is usually the largest, so it is appended. */
  private insert(row: NonceRow): void {
    const rows = this.rows;
    let at = rows.length;
    while (at > 0 && rows[at - 1].newest > row.newest) at--;
    if (at === rows.length) rows.push(row);
    else rows.splice(at, 0, row);
  }
}
