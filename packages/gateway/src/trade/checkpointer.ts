/**
 * WAL checkpoints off the event loop. SQLite checkpoints a WAL database inside whichever commit
 * crosses `wal_autocheckpoint` (1,000 pages), and with `synchronous=NORMAL` a checkpoint is two
 * fsyncs: on a busy disk that stalls every request for tens of milliseconds. Instead the main
 * connection stops checkpointing and a worker thread, with its own connection to the same file,
 * runs a PASSIVE checkpoint every `intervalMs` (never blocking writers). If the worker fails, the
 * main connection checkpoints by itself again.
 *
 * Under sustained writes that alone lets the WAL grow without end: SQLite starts the WAL over only
 * when a writer begins while every frame is checkpointed, and the writer always adds frames while
 * the worker copies the older ones (measured: 150 MB in five seconds of the trade bench, every
 * frame a new block of the file). So once the WAL holds `CATCH_UP_PAGES` after a checkpoint, the
 * worker asks the writer's own connection to checkpoint the frames written since (`catchUp`,
 * between two commits, so it takes everything); the writer's next commit then starts the WAL over,
 * writing into pages of the file it already has. The file stays at about that size
 * (`journal_size_limit` trims what a burst added).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // A WAL this long has not started over since: the writer's connection takes the frames it
    // added meanwhile (see above).
    if (result.log >= workerData.catchUpPages) {
      parentPort.postMessage({ catchUp: true });
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    db.close();
    parentPort.close();
  }
});
`;

/** WAL pages (4 KiB) past which the writer's connection is asked to finish a checkpoint: 16 MiB. */
export const CATCH_UP_PAGES = 4096;
/** What a WAL file is trimmed to when it starts over (bytes). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /**
   * Hears the autocheckpoint setting the main connection went back to when the worker failed (the
   * commit thread's connection takes it too).
   */
  onFallBack?: (pages: number) => void;
  /**
   * Checkpoints on the connection that writes the trades, between two of its commits; default: a
   * PASSIVE checkpoint on `db` (the commit thread's own, when it writes).
   */
  catchUp?: () => void;
  /** `CATCH_UP_PAGES` unless given (tests). */
  catchUpPages?: number;
}

export function startCheckpointer(
  db: Database,
  intervalMs: number,
  logger: Logger,
  options: CheckpointerOptions = {},
): Checkpointer {
  const file = db.name;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  const catchUpPages = options.catchUpPages ?? CATCH_UP_PAGES;
  const catchUp = options.catchUp ?? (() => db.pragma('wal_checkpoint(PASSIVE)'));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs, catchUpPages },
  });
  worker.unref();
  const fallBack = (reason: string) => {
    logger.warn({ reason }, 'WAL checkpoint worker failed; checkpointing on the main thread again');
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
    options.onFallBack?.(1000);
  };
  worker.on('message', (m: { error?: string; catchUp?: boolean }) => {
    if (m.error) logger.warn({ error: m.error }, 'WAL checkpoint failed');
    if (m.catchUp && db.open) {
      try {
        catchUp();
      } catch (err) {
        logger.warn({ error: (err as Error).message }, 'WAL catch-up checkpoint failed');
      }
    }
  });
  worker.on('error', (err) => fallBack(err.message));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Kept alive until it has run its last checkpoint and closed its connection: unreferenced,
        // a process with nothing else to do would end before hearing it exit.
        worker.ref();
        worker.postMessage('stop');
      }),
  };
}
