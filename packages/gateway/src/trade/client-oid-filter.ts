/**
 * A Bloom filter of every `(account, client_oid)` the trade store holds, so the uniqueness check
 * on each place usually skips SQLite: a new client_oid (nearly every place) is answered "never
 * seen" from memory; only a "maybe" (a real duplicate, or a false positive about 1% of the time)
 * asks the store's index.
 *
 * It can only err towards "maybe": a pair is added whenever an order row is written (also inside a
 * transaction that later fails, which merely adds a false positive), and nothing is ever removed.
 *
 * It grows without going back to the store (a scalable Bloom filter): when its newest layer holds
 * what it was sized for, a layer twice as large is added, and a pair is "maybe" when any layer says
 * so. Each new layer is sized for half the false-positive rate of the one before, so all of them
 * together stay under twice the first layer's rate. (Rebuilding from the store at each doubling
 * read every stored pair into memory on the request path: seconds and gigabytes at millions of
 * orders.) The store's pairs are read once, at start, one row at a time.
 */

/** The first layer: pairs it is sized for, bits per pair and hash functions (about 1% false positives). */
const FIRST_CAPACITY = 1 << 14;
const FIRST_BITS_PER_ENTRY = 10;
const FIRST_HASHES = 7;

class BloomLayer {
  readonly bits: Uint32Array;
  readonly bitCount: number;
  entries = 0;

  constructor(
    readonly capacity: number,
    bitsPerEntry: number,
    readonly hashes: number,
  ) {
    this.bitCount = capacity * bitsPerEntry;
    this.bits = new Uint32Array(Math.ceil(this.bitCount / 32));
  }

  has(h1: number, h2: number): boolean {
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  set(h1: number, h2: number): void {
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
    this.entries++;
  }
}

export class ClientOidFilter {
  private readonly layers: BloomLayer[];

  /**
   * `stored` lists every pair the store holds at start (read once, row by row); `storedCount`, how
   * many that is, sizes the first layer for them and as many again, so a restart starts with one layer.
   */
  constructor(stored: Iterable<[string, string]>, storedCount = 0) {
    let capacity = FIRST_CAPACITY;
    while (capacity < 2 * storedCount) capacity *= 2;
    this.layers = [new BloomLayer(capacity, FIRST_BITS_PER_ENTRY, FIRST_HASHES)];
    for (const [account, clientOid] of stored) this.add(account, clientOid);
  }

  /** False: the account surely never had this client_oid. True: it may have (ask the store). */
  mayHave(account: string, clientOid: string): boolean {
    const h1 = hash(account, clientOid, 0x811c9dc5);
    const h2 = hash(account, clientOid, 0x01000193) | 1;
    for (const layer of this.layers) if (layer.has(h1, h2)) return true;
    return false;
  }

  add(account: string, clientOid: string): void {
    let newest = this.layers[this.layers.length - 1] as BloomLayer;
    if (newest.entries >= newest.capacity) {
      // Twice the pairs, half the false-positive rate: about 1.44 more bits per pair (2 here) and
      // one more hash function.
      const depth = this.layers.length;
      newest = new BloomLayer(newest.capacity * 2, FIRST_BITS_PER_ENTRY + 2 * depth, FIRST_HASHES + depth);
      this.layers.push(newest);
    }
    newest.set(hash(account, clientOid, 0x811c9dc5), hash(account, clientOid, 0x01000193) | 1);
  }

  /** How many layers it has grown to (for tests). */
  get layerCount(): number {
    return this.layers.length;
  }
}

/** FNV-1a over the account, a separator and the client_oid (UTF-16 code units), from `seed`. */
function hash(account: string, clientOid: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < account.length; i++) h = Math.imul(h ^ account.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0xffff, 0x01000193);
  for (let i = 0; i < clientOid.length; i++) h = Math.imul(h ^ clientOid.charCodeAt(i), 0x01000193);
  // A final mix, so that the low bits (the bit index) depend on every character.
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
