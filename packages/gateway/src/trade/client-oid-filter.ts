/**
 * A Bloom filter of every `(account, client_oid)` the trade store holds, so the uniqueness check
 * on each place usually skips SQLite: a new client_oid (nearly every place) is answered "never
 * seen" from memory; only a "maybe" (a real duplicate, or a false positive about 1% of the time)
 * asks the store's index.
 *
 * It can only err towards "maybe": a pair is added whenever an order row is written (also inside a
 * transaction that later fails, which merely adds a false positive), and nothing is ever removed.
 * When it holds more pairs than it was sized for, it is rebuilt twice as large from the store.
 */

/** Bits per expected pair and hash functions: about a 1% false-positive rate. */
const BITS_PER_ENTRY = 10;
const HASHES = 7;
const MIN_CAPACITY = 1 << 14;

export class ClientOidFilter {
  private bits: Uint32Array;
  private bitCount: number;
  private capacity: number;
  private entries = 0;

  /** `all` lists every pair the store holds; it is read now and again at each growth. */
  constructor(private readonly all: () => Iterable<[string, string]>) {
    this.capacity = MIN_CAPACITY;
    this.bitCount = 0;
    this.bits = new Uint32Array(0);
    this.rebuild();
  }

  /** False: the account surely never had this client_oid. True: it may have (ask the store). */
  mayHave(account: string, clientOid: string): boolean {
    const h1 = hash(account, clientOid, 0x811c9dc5);
    const h2 = hash(account, clientOid, 0x01000193) | 1;
    for (let i = 0; i < HASHES; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(account: string, clientOid: string): void {
    this.set(account, clientOid);
    if (++this.entries > this.capacity) {
      this.capacity *= 2;
      this.rebuild();
    }
  }

  private rebuild(): void {
    const pairs = [...this.all()];
    while (pairs.length > this.capacity) this.capacity *= 2;
    this.bitCount = this.capacity * BITS_PER_ENTRY;
    this.bits = new Uint32Array(Math.ceil(this.bitCount / 32));
    this.entries = pairs.length;
    for (const [account, clientOid] of pairs) this.set(account, clientOid);
  }

  private set(account: string, clientOid: string): void {
    const h1 = hash(account, clientOid, 0x811c9dc5);
    const h2 = hash(account, clientOid, 0x01000193) | 1;
    for (let i = 0; i < HASHES; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
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
