/**
 * The commit thread: group commits written by a worker thread with its own connection to the store's
 * file, so the request thread does not spend its time in SQLite's commit (writing the WAL pages a
 * transaction dirtied is a quarter of a trade request's CPU on the request thread otherwise).
 *
 * One batch is in flight at a time; callers queue what arrives meanwhile and send it as the next
 * batch, so a busy gateway commits larger groups rather than more of them. Durability is unchanged:
 * the worker's connection has the same `synchronous = NORMAL` in WAL mode, and nothing a batch holds
 * is acknowledged before `done` is called for it.
 *
 * The main connection still reads (WAL lets it read while the worker writes) and still writes what is
 * not on the request path (admin operations, market history). Where such a write must come after the
 * batch in flight (a deposit's balance after the trades before it), `waitIdle()` blocks until the
 * worker has committed it: the worker clears a shared word before it answers, so the wait ends with
 * the commit, not with the next turn of the event loop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { WriteBatch } from './write-batch.js';

const IDLE = 0;
const BUSY = 1;
const FAILED = 2;
/** How long `waitIdle` waits for a batch before calling it failed. */
const WAIT_IDLE_LIMIT_MS = 60_000;

export type CommitDone = (error?: Error) => void;

interface InFlight {
  id: number;
  done: CommitDone;
}

export class CommitThread {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private inFlight: InFlight | undefined;
  private nextId = 1;
  /** Set once the worker failed or stopped: every later batch fails with it. */
  private broken: Error | undefined;
  private exited: Promise<void>;

  /** Starts a worker with its own connection to `db`'s file, with `db`'s autocheckpoint setting. */
  constructor(db: Database) {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(require.resolve('./commit-worker.cjs'), {
      workerData: {
        file: db.name,
        driver: require.resolve('better-sqlite3'),
        autoCheckpoint: db.pragma('wal_autocheckpoint', { simple: true }),
        state: this.state.buffer,
      },
    });
    // A gateway that forgot to stop it must still be able to exit: it keeps the process alive only
    // while a batch is in flight (whose answer someone waits for).
    this.worker.unref();
    this.worker.on('message', (m: { id: number; error?: string }) => this.answered(m.id, m.error));
    this.worker.on('error', (err) => this.fail(new Error(`the commit thread failed: ${err.message}`)));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.exited.then(() => this.fail(new Error('the commit thread has stopped')));
  }

  /** Whether a batch is in flight (the next one must wait for `done`). */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Commits `batch` as one transaction on the worker; `done` is called once it is committed (or with
   * the error that rolled it back). One batch at a time: sending while `busy` is a bug.
   */
  send(batch: WriteBatch, done: CommitDone): void {
    if (this.inFlight !== undefined) throw new Error('the commit thread already has a batch in flight');
    if (this.broken !== undefined) {
      done(this.broken);
      return;
    }
    const id = this.nextId++;
    this.inFlight = { id, done };
    this.worker.ref();
    Atomics.store(this.state, 0, BUSY);
    this.worker.postMessage({ id, sql: batch.sql, ops: batch.ops, params: batch.params });
  }

  /**
   * Blocks until the batch in flight is committed and calls its `done` (throwing nothing: a failed
   * batch's `done` gets the error). Returns at once when nothing is in flight.
   */
  waitIdle(): void {
    const inFlight = this.inFlight;
    if (inFlight === undefined) return;
    // A worker that died mid-batch never clears the word (its exit event cannot run while this
    // thread waits): give up after a bound far above any commit.
    const deadline = Date.now() + WAIT_IDLE_LIMIT_MS;
    while (Atomics.load(this.state, 0) === BUSY && Date.now() < deadline) {
      Atomics.wait(this.state, 0, BUSY, 1_000);
    }
    const state = Atomics.load(this.state, 0);
    // Its answer is still on its way: it finds nothing in flight under its id and is dropped.
    this.inFlight = undefined;
    this.worker.unref();
    if (state === IDLE) inFlight.done();
    else
      inFlight.done(
        this.broken ??
          new Error(
            state === BUSY ? 'the commit thread did not answer' : 'the commit thread failed the batch',
          ),
      );
  }

  /** Sets the worker connection's `wal_autocheckpoint` (pages; 0 = never), as the main connection's. */
  setAutoCheckpoint(pages: number): void {
    this.worker.postMessage({ autoCheckpoint: pages });
  }

  /** Waits for the batch in flight, then stops the worker and closes its connection. */
  async stop(): Promise<void> {
    this.waitIdle();
    if (this.broken !== undefined) return;
    // Kept alive until it has closed its connection.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }

  private answered(id: number, error: string | undefined): void {
    const inFlight = this.inFlight;
    if (inFlight === undefined || inFlight.id !== id) return;
    this.inFlight = undefined;
    this.worker.unref();
    if (error === undefined) inFlight.done();
    else inFlight.done(new Error(error));
  }

  private fail(error: Error): void {
    if (this.broken !== undefined) return;
    this.broken = error;
    Atomics.store(this.state, 0, FAILED);
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    inFlight?.done(error);
  }
}
