/**
 * The writes of one transaction as data: each a statement's SQL and its parameters. Stores describe
 * their writes this way so that the same transaction can run on the main connection
 * (`runWriteBatch`) or be handed to the commit thread (`commit-thread.ts`), which has a connection
 * of its own to the same file. A batch carries each distinct SQL text once.
 */
import type { Database, Statement } from 'better-sqlite3';

export class WriteBatch {
  /** The distinct statements of this batch. */
  readonly sql: string[] = [];
  /** Per write: its statement's index in `sql`. */
  readonly ops: number[] = [];
  /** Per write: its positional parameters. */
  readonly params: unknown[][] = [];

  add(sql: string, params: unknown[]): void {
    // A handful of constant strings: indexOf finds them by identity before comparing text.
    let index = this.sql.indexOf(sql);
    if (index < 0) index = this.sql.push(sql) - 1;
    this.ops.push(index);
    this.params.push(params);
  }

  get size(): number {
    return this.ops.length;
  }
}

/** Runs a batch's writes on `db` in order (the caller opens the transaction). */
export function runWriteBatch(db: Database, prepared: Map<string, Statement>, batch: WriteBatch): void {
  const statements = batch.sql.map((sql) => {
    let statement = prepared.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  });
  for (let i = 0; i < batch.ops.length; i++) statements[batch.ops[i]].run(batch.params[i]);
}
