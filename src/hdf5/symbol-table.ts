// A group's members as an old-style symbol table: a local heap of names, SNOD leaves and a v1 B-tree over them.
import { align8, ascii, pad8, uint, UNDEFINED_ADDRESS, type Block } from "./bytes.js";

/** Entries per symbol table node are 2 * LEAF_K; children per B-tree node 2 * INTERNAL_K (libhdf5's defaults). */
export const LEAF_K = 4;
export const INTERNAL_K = 16;
const ENTRY_SIZE = 40;
const SNOD_SIZE = 8 + 2 * LEAF_K * ENTRY_SIZE;
/** Signature, type, level, entries used, two siblings, then 2K children between 2K + 1 keys (all 8 bytes). */
const BTREE_NODE_SIZE = 24 + (4 * INTERNAL_K + 1) * 8;
const HEAP_HEADER = 32;
/** libhdf5's "no free block" in a local heap's free-list field. */
const NO_FREE_BLOCK = 1;

/** What a parent records about a member: its name, its object header and, for a group, its table. */
export interface SymbolEntry {
  readonly name: Buffer;
  readonly header: number;
  readonly table?: SymbolTableAddresses;
}

export interface SymbolTableAddresses {
  readonly btree: number;
  readonly heap: number;
}

/** The 40-byte entry; groups carry their B-tree and heap in the scratch pad (cache type 1), as libhdf5 writes them. */
export function symbolEntry(nameOffset: number, entry: Omit<SymbolEntry, "name">): Buffer {
  const scratch = entry.table ? Buffer.concat([uint(entry.table.btree, 8), uint(entry.table.heap, 8)]) : Buffer.alloc(16);
  return Buffer.concat([uint(nameOffset, 8), uint(entry.header, 8), uint(entry.table ? 1 : 0, 4), uint(0, 4), scratch]);
}

/** A child of a B-tree node: its address and the heap offset of the largest name below it. */
interface Child {
  readonly address: number;
  readonly lastKey: number;
}

/**
 * Lays out the table for `entries`, reserving space with `allocate`. Names are sorted by their bytes
 * (libhdf5 compares with strcmp); offset 0 of the heap is the empty name, the key left of everything.
 */
export function planSymbolTable(entries: readonly SymbolEntry[], allocate: (size: number) => number): SymbolTableAddresses & { blocks: Block[] } {
  const sorted = [...entries].sort((a, b) => Buffer.compare(a.name, b.name));
  const names: Buffer[] = [Buffer.alloc(8)];
  const offsets: number[] = [];
  let heapSize = 8;
  for (const entry of sorted) {
    offsets.push(heapSize);
    names.push(pad8(Buffer.concat([entry.name, Buffer.from([0])])));
    heapSize += align8(entry.name.length + 1);
  }
  const heap = allocate(HEAP_HEADER + heapSize);
  const blocks: Block[] = [
    {
      address: heap,
      encode: () => Buffer.concat([ascii("HEAP"), Buffer.from([0, 0, 0, 0]), uint(heapSize, 8), uint(NO_FREE_BLOCK, 8), uint(heap + HEAP_HEADER, 8), ...names]),
    },
  ];
  let children: Child[] = [];
  for (let start = 0; start < sorted.length; start += 2 * LEAF_K) {
    const count = Math.min(2 * LEAF_K, sorted.length - start);
    const address = allocate(SNOD_SIZE);
    const encoded = sorted.slice(start, start + count).map((entry, i) => symbolEntry(offsets[start + i]!, entry));
    blocks.push({ address, encode: () => fixedSize(SNOD_SIZE, [ascii("SNOD"), Buffer.from([1, 0]), uint(count, 2), ...encoded]) });
    children.push({ address, lastKey: offsets[start + count - 1]! });
  }
  let level = 0;
  for (;;) {
    const nodes = btreeLevel(children, level, allocate);
    blocks.push(...nodes.blocks);
    if (nodes.children.length === 1) return { btree: nodes.children[0]!.address, heap, blocks };
    children = nodes.children;
    level++;
  }
}

/** One level of B-tree nodes over `children` (at least one node, so an empty group has an empty root leaf). */
function btreeLevel(children: readonly Child[], level: number, allocate: (size: number) => number): { children: Child[]; blocks: Block[] } {
  const perNode = 2 * INTERNAL_K;
  const count = Math.max(1, Math.ceil(children.length / perNode));
  const addresses = Array.from({ length: count }, () => allocate(BTREE_NODE_SIZE));
  const blocks: Block[] = [];
  const parents: Child[] = [];
  for (let n = 0; n < count; n++) {
    const mine = children.slice(n * perNode, (n + 1) * perNode);
    const firstKey = n === 0 ? 0 : children[n * perNode - 1]!.lastKey;
    const fields = [uint(firstKey, 8), ...mine.flatMap((child) => [uint(child.address, 8), uint(child.lastKey, 8)])];
    const left = n === 0 ? UNDEFINED_ADDRESS : addresses[n - 1]!;
    const right = n === count - 1 ? UNDEFINED_ADDRESS : addresses[n + 1]!;
    const head = [ascii("TREE"), Buffer.from([0, level]), uint(mine.length, 2), uint(left, 8), uint(right, 8)];
    blocks.push({ address: addresses[n]!, encode: () => fixedSize(BTREE_NODE_SIZE, [...head, ...fields]) });
    parents.push({ address: addresses[n]!, lastKey: mine.length ? mine[mine.length - 1]!.lastKey : firstKey });
  }
  return { children: parents, blocks };
}

function fixedSize(size: number, parts: readonly Buffer[]): Buffer {
  const out = Buffer.alloc(size);
  Buffer.concat(parts).copy(out);
  return out;
}
