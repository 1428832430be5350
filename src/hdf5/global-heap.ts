// Global heap collections (GCOL) holding the bytes of variable-length strings, packed as they are added.
import { align8, ascii, uint } from "./bytes.js";

/** libhdf5 reads a collection's first 4096 bytes before its size, so none is smaller. */
const MIN_COLLECTION = 4096;
/** Signature, version, reserved bytes and the collection size. */
const COLLECTION_HEADER = 16;
/** Each object's index, reference count, reserved bytes and size. */
const OBJECT_HEADER = 16;

/** Where one string's bytes went: the collection's address and the object's index inside it. */
export interface HeapId {
  readonly collection: number;
  readonly index: number;
}

interface Collection {
  readonly address: number;
  readonly size: number;
  readonly objects: Uint8Array[];
  used: number;
}

/**
 * The file's global heap. Small objects share 4096-byte collections; an object that cannot fit one gets
 * a collection of its own, sized to it (a model_config can be megabytes). `allocate` reserves file space.
 */
export class GlobalHeap {
  private readonly collections: Collection[] = [];
  private current: Collection | undefined;

  constructor(private readonly allocate: (size: number) => number) {}

  add(bytes: Uint8Array): HeapId {
    const need = OBJECT_HEADER + align8(bytes.length);
    let target = this.current;
    if (need > MIN_COLLECTION - COLLECTION_HEADER) {
      target = this.open(COLLECTION_HEADER + need);
    } else if (!target || target.used + need > target.size) {
      target = this.current = this.open(MIN_COLLECTION);
    }
    target.objects.push(bytes);
    target.used += need;
    // Index 0 names a collection's free space, so objects count from 1.
    return { collection: target.address, index: target.objects.length };
  }

  /** Every collection as its address and bytes, the unused tail marked as free space. */
  blocks(): { address: number; bytes: Buffer }[] {
    return this.collections.map((collection) => {
      const out = Buffer.alloc(collection.size);
      Buffer.concat([ascii("GCOL"), Buffer.from([1, 0, 0, 0]), uint(collection.size, 8)]).copy(out, 0);
      let at = COLLECTION_HEADER;
      collection.objects.forEach((bytes, i) => {
        Buffer.concat([uint(i + 1, 2), uint(0, 2), uint(0, 4), uint(bytes.length, 8)]).copy(out, at);
        out.set(bytes, at + OBJECT_HEADER);
        at += OBJECT_HEADER + align8(bytes.length);
      });
      // A tail too short for an object header is free space by rule; a longer one needs object 0,
      // whose size counts its own header.
      if (collection.size - at >= OBJECT_HEADER) uint(collection.size - at, 8).copy(out, at + 8);
      return { address: collection.address, bytes: out };
    });
  }

  private open(size: number): Collection {
    const collection: Collection = { address: this.allocate(size), size, objects: [], used: COLLECTION_HEADER };
    this.collections.push(collection);
    return collection;
  }
}
