/**
 * WAL checkpoints off the event loop. SQLite checkpoints a WAL database inside whichever commit
 * crosses `wal_autocheckpoint` (1,000 pages), and with `synchronous=NORMAL` a checkpoint is two
 * fsyncs: on a busy disk that stalls every request for tens of milliseconds. Instead the main
 * connection stops checkpointing and a worker thread, with its own connection to the same file,
 * runs a PASSIVE checkpoint every `intervalMs` (never blocking writers). If the worker fails, the
 * main connection checkpoints by itself again.
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
    db.pragma('wal_checkpoint(PASSIVE)');
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

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * `onFallBack(pages)` hears the autocheckpoint setting the main connection went back to when the
 * worker failed (the commit thread's connection takes it too).
 */
export function startCheckpointer(
  db: Database,
  intervalMs: number,
  logger: Logger,
  onFallBack?: (pages: number) => void,
): Checkpointer {
  const file = db.name;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  const fallBack = (reason: string) => {
    logger.warn({ reason }, 'WAL checkpoint worker failed; checkpointing on the main thread again');
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
    onFallBack?.(1000);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) logger.warn({ error: m.error }, 'WAL checkpoint failed');
  });
  worker.on('error', (err) => fallBack(err.message));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
