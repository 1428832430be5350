// Lays out a whole file: superblock, global heap, object headers and symbol tables first, then dataset bytes.
import { align8, uint, UNDEFINED_ADDRESS, type Block } from "./bytes.js";
import { GlobalHeap } from "./global-heap.js";
import { attributeMessage, datasetMessages, headerSize, MESSAGE_TYPE, objectHeader, type Message } from "./object-header.js";
import { INTERNAL_K, LEAF_K, planSymbolTable, symbolEntry, type SymbolEntry } from "./symbol-table.js";
import type { H5DatasetSpec, H5GroupSpec } from "./types.js";

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const SUPERBLOCK_SIZE = 96;

/** A dataset whose bytes go at `address` (UNDEFINED_ADDRESS when it has none). */
export interface PlannedDataset {
  readonly path: string;
  readonly spec: H5DatasetSpec;
  address: number;
}

export interface FilePlan {
  /** Every byte from offset 0 up to the first dataset's data. */
  readonly metadata: Uint8Array;
  readonly datasets: readonly PlannedDataset[];
  /** The file's size: its end-of-file address. */
  readonly end: number;
}

/** Hands out file space in order, each piece at an 8-byte boundary. */
class FileSpace {
  end = 0;
  allocate(size: number): number {
    const at = align8(this.end);
    this.end = at + size;
    return at;
  }
}

/** The layout of `root` (a validated tree): all metadata is encoded here, no dataset byte is read. */
export function planFile(root: H5GroupSpec): FilePlan {
  const space = new FileSpace();
  space.allocate(SUPERBLOCK_SIZE);
  const allocate = (size: number) => space.allocate(size);
  const heap = new GlobalHeap(allocate);
  const blocks: Block[] = [];
  const datasets: PlannedDataset[] = [];

  const planNode = (node: H5GroupSpec | H5DatasetSpec, path: string): Omit<SymbolEntry, "name"> => {
    const attributes = node.attributes.map((attribute) => attributeMessage(attribute, heap));
    if (node.kind === "dataset") {
      const planned: PlannedDataset = { path, spec: node, address: UNDEFINED_ADDRESS };
      datasets.push(planned);
      const messages = () => [...datasetMessages(node.type, node.shape, planned.address, node.data.byteLength), ...attributes];
      const header = allocate(headerSize(messages()));
      blocks.push({ address: header, encode: () => objectHeader(messages()) });
      return { header };
    }
    const symbolTable = (btree: number, tableHeap: number): Message => ({
      type: MESSAGE_TYPE.symbolTable,
      body: Buffer.concat([uint(btree, 8), uint(tableHeap, 8)]),
    });
    const header = allocate(headerSize([symbolTable(0, 0), ...attributes]));
    const entries = node.children.map((child) => ({
      name: Buffer.from(child.name, "utf8"),
      ...planNode(child, path === "/" ? `/${child.name}` : `${path}/${child.name}`),
    }));
    const table = planSymbolTable(entries, allocate);
    blocks.push(...table.blocks, { address: header, encode: () => objectHeader([symbolTable(table.btree, table.heap), ...attributes]) });
    return { header, table: { btree: table.btree, heap: table.heap } };
  };

  const rootEntry = planNode(root, "/");
  blocks.push(...heap.blocks().map(({ address, bytes }) => ({ address, encode: () => bytes })));
  const metadataEnd = space.end;
  for (const dataset of datasets) {
    if (dataset.spec.data.byteLength > 0) dataset.address = allocate(dataset.spec.data.byteLength);
  }
  const end = space.end;
  blocks.push({ address: 0, encode: () => superblock(end, symbolEntry(0, rootEntry)) });

  const metadata = Buffer.alloc(metadataEnd);
  for (const block of blocks) metadata.set(block.encode(), block.address);
  return { metadata, datasets, end };
}

/** Version 0: 8-byte addresses and lengths, libhdf5's default K values, no free-space or driver blocks. */
function superblock(end: number, rootEntry: Buffer): Buffer {
  return Buffer.concat([
    SIGNATURE,
    Buffer.from([0, 0, 0, 0, 0, 8, 8, 0]),
    uint(LEAF_K, 2),
    uint(INTERNAL_K, 2),
    uint(0, 4),
    uint(0, 8),
    uint(UNDEFINED_ADDRESS, 8),
    uint(end, 8),
    uint(UNDEFINED_ADDRESS, 8),
    rootEntry,
  ]);
}
