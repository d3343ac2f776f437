/**
 * Users' orders by id. Ids are handed out in increasing order, so a list of fixed-size chunks
 * indexed by `id >> 12` is a hash map without hashing or rehashing: O(1) with no allocation per
 * order. A chunk is dropped once every order in it is forgotten, so memory follows the orders
 * still held, not the orders ever placed.
 */
import type { OrderNode } from './book.js';

const SHIFT = 12;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

interface Chunk {
  slots: (OrderNode | undefined)[];
  count: number;
}

export class OrderIndex {
  private readonly chunks: (Chunk | undefined)[] = [];

  get(id: number): OrderNode | undefined {
    const chunk = this.chunks[id >>> SHIFT];
    return chunk === undefined ? undefined : chunk.slots[id & MASK];
  }

  set(node: OrderNode): void {
    const at = node.id >>> SHIFT;
    while (this.chunks.length <= at) this.chunks.push(undefined);
    let chunk = this.chunks[at];
    if (chunk === undefined) {
      chunk = { slots: new Array<OrderNode | undefined>(SIZE).fill(undefined), count: 0 };
      this.chunks[at] = chunk;
    }
    if (chunk.slots[node.id & MASK] === undefined) chunk.count++;
    chunk.slots[node.id & MASK] = node;
  }

  delete(id: number): void {
    const at = id >>> SHIFT;
    const chunk = this.chunks[at];
    if (chunk === undefined || chunk.slots[id & MASK] === undefined) return;
    chunk.slots[id & MASK] = undefined;
    if (--chunk.count === 0) this.chunks[at] = undefined;
  }
}
