/**
 * Which client_oids each account has used, and the order each names: the uniqueness check of every
 * place, and the lookup of `GET /orders?client_oid=` and cancels by client_oid.
 *
 * Why not a unique index on `trade_orders (account, client_oid)`: every group commit would then
 * insert its new orders into that index, where concurrent clients' ids land in as many places (32
 * connections: about 8 of a commit's 13 written pages, the largest part of a trade's cost). So the
 * pairs go to an index of their own, `trade_client_oids`, in batches of `INDEX_BATCH` orders, inside
 * a trade's commit: a batch writes each leaf page it touches once, however many of its pairs land
 * there. Until then the pairs of newer orders are answered from memory (`recent`).
 *
 * Durable without writing the pairs at once: `trade_orders` holds every pair (its rows are written
 * in the request's commit), and `trade_meta.client_oids_indexed_through` says up to which order id
 * the index is complete (written in the same transaction as the batch). At start the rows after it
 * are indexed, so nothing is lost when a process dies with pairs only in memory.
 *
 * A Bloom filter of every pair (`client-oid-filter.ts`) answers most checks (a new client_oid) with
 * no query at all.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { WriteBatch } from '../store/write-batch.js';
import { ClientOidFilter } from './client-oid-filter.js';

/** Orders whose pairs wait in memory before a commit writes them to the index. */
export const INDEX_BATCH = 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trade_client_oids (
  account TEXT NOT NULL,
  client_oid TEXT NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY (account, client_oid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS trade_meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;
const THROUGH = 'client_oids_indexed_through';
const INSERT_PAIR = 'INSERT INTO trade_client_oids (account, client_oid, id) VALUES (?, ?, ?)';
const SET_THROUGH = `INSERT INTO trade_meta (name, value) VALUES ('${THROUGH}', ?)
  ON CONFLICT (name) DO UPDATE SET value = excluded.value`;

type Pair = [account: string, clientOid: string, id: number];

const keyOf = (account: string, clientOid: string) => `${account}\0${clientOid}`;

export class ClientOidIndex {
  /** Pairs of orders not in `trade_client_oids` yet, written or not, by `account\0client_oid`. */
  private readonly recent = new Map<string, number>();
  /** The part of `recent` no batch carries yet, in order id order. */
  private unwritten: Pair[] = [];
  private readonly filter: ClientOidFilter;
  private readonly idOfStored: Statement;
  /** The newest order id known: an order event with a larger id is a new order. */
  private newestId: number;

  constructor(db: Database) {
    db.exec(SCHEMA);
    // Data directories from before this index kept a unique index on trade_orders: the rows it
    // covered are indexed below (the index was complete through 0), and it is dropped.
    db.exec('DROP INDEX IF EXISTS trade_orders_client_oid');
    this.newestId = (db.prepare('SELECT max(id) FROM trade_orders').pluck().get() as number | null) ?? 0;
    indexUnindexedOrders(db, this.newestId);
    this.idOfStored = db
      .prepare('SELECT id FROM trade_client_oids WHERE account = ? AND client_oid = ?')
      .pluck();
    this.filter = new ClientOidFilter(
      db.prepare('SELECT account, client_oid FROM trade_client_oids').raw().iterate() as Iterable<
        [string, string]
      >,
      db.prepare('SELECT count(*) FROM trade_client_oids').pluck().get() as number,
    );
  }

  /** Whether the account has ever had an order with this client_oid (committed or handed to a commit). */
  has(account: string, clientOid: string): boolean {
    if (!this.filter.mayHave(account, clientOid)) return false;
    return this.idOf(account, clientOid) !== undefined;
  }

  /** The order id of the account's order with this client_oid. */
  idOf(account: string, clientOid: string): number | undefined {
    const recent = this.recent.get(keyOf(account, clientOid));
    if (recent !== undefined) return recent;
    return this.idOfStored.get(account, clientOid) as number | undefined;
  }

  /**
   * Notes an order event about to be written: whether it is a new order (its row is inserted, not
   * updated). A new order's pair is answered from memory from now on.
   */
  noteOrder(account: string, clientOid: string, id: number): boolean {
    if (id <= this.newestId) return false;
    this.newestId = id;
    this.recent.set(keyOf(account, clientOid), id);
    this.unwritten.push([account, clientOid, id]);
    this.filter.add(account, clientOid);
    return true;
  }

  /**
   * Adds the waiting pairs to `batch` once there are `INDEX_BATCH` of them (after the batch's
   * orders: the transaction that indexes a pair also holds its order row, or one before it did).
   * Returns what to call once the batch is committed (the pairs leave memory then), or undefined.
   */
  appendWrites(batch: WriteBatch): (() => void) | undefined {
    if (this.unwritten.length < INDEX_BATCH) return undefined;
    const pairs = this.unwritten;
    this.unwritten = [];
    const through = pairs[pairs.length - 1][2];
    // In key order: neighbouring pairs share leaf pages, so the b-tree is walked once per page.
    const sorted = [...pairs].sort(comparePairs);
    for (const pair of sorted) batch.add(INSERT_PAIR, pair);
    batch.add(SET_THROUGH, [through]);
    return () => {
      for (const [account, clientOid] of pairs) this.recent.delete(keyOf(account, clientOid));
    };
  }
}

function comparePairs(a: Pair, b: Pair): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Indexes the orders after the recorded point (a process that stopped with pairs in memory), in one transaction. */
function indexUnindexedOrders(db: Database, newestId: number): void {
  const recorded = db.prepare(`SELECT value FROM trade_meta WHERE name = '${THROUGH}'`).pluck().get();
  const through = (recorded as number | undefined) ?? 0;
  if (through >= newestId) return;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO trade_client_oids (account, client_oid, id)
       SELECT account, client_oid, id FROM trade_orders WHERE id > ? ORDER BY account, client_oid`,
    ).run(through);
    db.prepare(SET_THROUGH).run(newestId);
  })();
}
