'use strict';
/**
 * The commit thread's worker (see commit-thread.ts). It owns a second connection to the store's file
 * and runs each batch it is given as ONE transaction, in the order given, then answers with the
 * batch's id (or the error). Before answering it publishes the id in a shared word (and marks a
 * failure in the next), so the main thread can wait for it synchronously (`Atomics.wait`) when it
 * must write on its own connection.
 *
 * Plain CommonJS with no TypeScript: the gateway may run under a TypeScript loader that worker
 * threads do not inherit.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);

/** The shared words: the id of the last batch finished, and 1 once any batch failed. */
const FINISHED = 0;
const FAILED = 1;

const state = new Int32Array(workerData.state);
const db = new Database(workerData.file);
// Both settings belong to the connection, not the file: the same as the main connection's.
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma(`wal_autocheckpoint = ${Number(workerData.autoCheckpoint)}`);

const prepared = new Map();
const statementOf = (sql) => {
  let statement = prepared.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    prepared.set(sql, statement);
  }
  return statement;
};

const run = db.transaction((batch) => {
  const statements = batch.sql.map(statementOf);
  for (let i = 0; i < batch.ops.length; i++) statements[batch.ops[i]].run(batch.params[i]);
});

parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  if (message.autoCheckpoint !== undefined) {
    db.pragma(`wal_autocheckpoint = ${Number(message.autoCheckpoint)}`);
    return;
  }
  if (message.checkpoint) {
    // Asked by the checkpointer (checkpointer.ts): between two batches it takes every frame, so
    // the next batch starts the WAL over. A failure leaves it to the next one.
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {}
    return;
  }
  let error;
  try {
    run(message);
  } catch (err) {
    error = String(err?.message || err);
  }
  if (error !== undefined) Atomics.store(state, FAILED, 1);
  Atomics.store(state, FINISHED, message.id);
  Atomics.notify(state, FINISHED);
  parentPort.postMessage({ id: message.id, error });
});
