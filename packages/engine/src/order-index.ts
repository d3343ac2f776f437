/**
 * Users' open orders by id. Ids are handed out in increasing order, so a list of fixed-size chunks
 * indexed by `id >> 12` is a hash map without hashing or rehashing: O(1) with no allocation per
 * order. A chunk is dropped once every order in it has left, so memory follows the open orders,
 * not the orders ever placed.
 *
 * An order leaves (it finished) by being counted out of its chunk: its slot keeps pointing at the
 * order's object, and `get` checks that the object still is that order. Why: an order that
 * finishes may have been placed long ago, and its slot is then nowhere near the cache; clearing it
 * cost a memory round trip. The object is the engine's either way (reused for a new order, with a
 * new id, or waiting to be: released, with no slot).
 */
import type { OrderNode } from './book.js';

const SHIFT = 12;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

interface Chunk {
  slots: (OrderNode | undefined)[];
  /** Orders of the chunk set and not deleted. */
  count: number;
}

/** Whether `node` (a slot's object) is still the order `id`: not reused, not released. */
function holds(node: OrderNode | undefined, id: number): node is OrderNode {
  return node !== undefined && node.id === id && node.slot !== -1;
}

export class OrderIndex {
  private readonly chunks: (Chunk | undefined)[] = [];

  /**
   * The order `id`, if set and not deleted. The engine releases finished orders' objects (slot -1)
   * before anything reads the index again, at the end of the command that deleted them.
   */
  get(id: number): OrderNode | undefined {
    const chunk = this.chunks[id >>> SHIFT];
    if (chunk === undefined) return undefined;
    const node = chunk.slots[id & MASK];
    return holds(node, id) ? node : undefined;
  }

  set(node: OrderNode): void {
    const at = node.id >>> SHIFT;
    while (this.chunks.length <= at) this.chunks.push(undefined);
    let chunk = this.chunks[at];
    if (chunk === undefined) {
      chunk = { slots: new Array<OrderNode | undefined>(SIZE).fill(undefined), count: 0 };
      this.chunks[at] = chunk;
    }
    if (!holds(chunk.slots[node.id & MASK], node.id)) chunk.count++;
    chunk.slots[node.id & MASK] = node;
  }

  /** Deletes the order `id` (set before, and not deleted yet). */
  delete(id: number): void {
    const at = id >>> SHIFT;
    const chunk = this.chunks[at];
    if (chunk !== undefined && --chunk.count === 0) this.chunks[at] = undefined;
  }
}
