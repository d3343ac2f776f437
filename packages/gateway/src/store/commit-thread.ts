/**
 * The commit thread: group commits written by a worker thread with its own connection to the store's
 * file, so the request thread does not spend its time in SQLite's commit (writing the WAL pages a
 * transaction dirtied is a quarter of a trade request's CPU on the request thread otherwise).
 *
 * Batches are committed in the order sent, each as one transaction. Callers keep at most
 * `MAX_IN_FLIGHT` in flight: one being written and the next already queued at the worker, so the
 * worker goes from one to the next without waiting for the request thread to hear of the first;
 * what arrives beyond that waits and goes as one larger batch. Durability is unchanged: the worker's
 * connection has the same `synchronous = NORMAL` in WAL mode, and nothing a batch holds is
 * acknowledged before `done` is called for it.
 *
 * The main connection still reads (WAL lets it read while the worker writes) and still writes what is
 * not on the request path (admin operations, market history). Where such a write must come after the
 * batches in flight (a deposit's balance after the trades before it), `waitIdle()` blocks until the
 * worker has committed them: the worker publishes the id of each batch it finished in a shared word
 * before it answers, so the wait ends with the commit, not with the next turn of the event loop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { WriteBatch } from './write-batch.js';

/** Batches a caller should keep in flight at most: one being written, one queued behind it. */
export const MAX_IN_FLIGHT = 2;
/** The shared words: the id of the last batch the worker finished, and whether any failed. */
const FINISHED = 0;
const FAILED = 1;
/** How long `waitIdle` waits for the batches in flight before calling them failed. */
const WAIT_IDLE_LIMIT_MS = 60_000;

export type CommitDone = (error?: Error) => void;

interface InFlight {
  id: number;
  done: CommitDone;
}

export class CommitThread {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  /** Sent and not yet answered, oldest first. */
  private readonly inFlight: InFlight[] = [];
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

  /** Batches sent and not yet committed. */
  get inFlightCount(): number {
    return this.inFlight.length;
  }

  /**
   * Commits `batch` as one transaction on the worker, after every batch sent before it; `done` is
   * called once it is committed (or with the error that rolled it back).
   */
  send(batch: WriteBatch, done: CommitDone): void {
    if (this.broken !== undefined) {
      done(this.broken);
      return;
    }
    const id = this.nextId++;
    if (this.inFlight.length === 0) this.worker.ref();
    this.inFlight.push({ id, done });
    this.worker.postMessage({ id, sql: batch.sql, ops: batch.ops, params: batch.params });
  }

  /**
   * Blocks until every batch in flight is committed and calls their `done` in order (throwing
   * nothing: a failed batch's `done` gets the error). Returns at once when nothing is in flight.
   */
  waitIdle(): void {
    if (this.inFlight.length === 0) return;
    const last = this.inFlight[this.inFlight.length - 1].id;
    // A worker that died mid-batch never moves the word (its exit event cannot run while this thread
    // waits): give up after a bound far above any commit.
    const deadline = Date.now() + WAIT_IDLE_LIMIT_MS;
    let finished = Atomics.load(this.state, FINISHED);
    while (finished < last && this.broken === undefined && Date.now() < deadline) {
      Atomics.wait(this.state, FINISHED, finished, 1_000);
      finished = Atomics.load(this.state, FINISHED);
    }
    const failed = Atomics.load(this.state, FAILED) !== 0;
    // Their answers are still on their way: they find nothing in flight under their ids and are dropped.
    const settled = this.inFlight.splice(0);
    this.worker.unref();
    for (const { id, done } of settled) {
      if (id <= finished && !failed) done();
      else
        done(
          this.broken ??
            new Error(
              id > finished ? 'the commit thread did not answer' : 'the commit thread failed a batch',
            ),
        );
    }
  }

  /** Sets the worker connection's `wal_autocheckpoint` (pages; 0 = never), as the main connection's. */
  setAutoCheckpoint(pages: number): void {
    this.worker.postMessage({ autoCheckpoint: pages });
  }

  /** A PASSIVE checkpoint on the thread's connection, after the batches sent before it. */
  checkpoint(): void {
    this.worker.postMessage({ checkpoint: true });
  }

  /** Waits for the batches in flight, then stops the worker and closes its connection. */
  async stop(): Promise<void> {
    this.waitIdle();
    if (this.broken !== undefined) return;
    // Kept alive until it has closed its connection.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }

  private answered(id: number, error: string | undefined): void {
    const first = this.inFlight[0];
    if (first === undefined || first.id !== id) return;
    this.inFlight.shift();
    if (this.inFlight.length === 0) this.worker.unref();
    if (error === undefined) first.done();
    else first.done(new Error(error));
  }

  private fail(error: Error): void {
    if (this.broken !== undefined) return;
    this.broken = error;
    Atomics.store(this.state, FAILED, 1);
    const settled = this.inFlight.splice(0);
    for (const { done } of settled) done(error);
  }
}
