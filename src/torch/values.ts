// The small torch objects a checkpoint can name besides tensors and sizes: device, dtype, layout, storage classes.
import type { DType } from "../tensor/index.js";

/** torch.device: where a tensor was; everything weightscope reads lives on the CPU. */
export class Device {
  static readonly pythonType = "torch.device";
  constructor(
    readonly type: string,
    readonly index: number | null = null,
  ) {}
  /** Parses `cuda:0`, `cpu`, `mps`. */
  static parse(text: string, index: number | null = null): Device {
    const colon = text.indexOf(":");
    if (colon < 0) return new Device(text, index);
    return new Device(text.slice(0, colon), Number(text.slice(colon + 1)));
  }
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

/** A torch dtype object (`torch.float32`) as a checkpoint names it: the same objects tensors return. */
export { TorchDtype } from "../tensor/index.js";

/** A torch layout (`torch.strided`), named by `torch.serialization._get_layout`. */
export class Layout {
  static readonly pythonType = "torch.layout";
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

/** A storage class a persistent id names (`torch.FloatStorage`, `torch.UntypedStorage`): its dtype. */
export class StorageType {
  constructor(
    readonly qualifiedName: string,
    readonly dtype: DType,
    /** UntypedStorage counts bytes; the tensor's dtype comes later, from `_rebuild_tensor_v3`. */
    readonly untyped: boolean,
  ) {}
  toString(): string {
    return `<class '${this.qualifiedName}'>`;
  }
}

/** The message for a persistent id whose storage class weightscope cannot read (complex, quantized...). */
export function unsupportedStorage(type: unknown): string {
  const name = type instanceof Object && "qualifiedName" in type ? String((type as { qualifiedName: unknown }).qualifiedName) : String(type);
  return /Storage$/.test(name)
    ? `tensors stored as ${name} (complex or quantized values) are not supported yet`
    : `persistent id names ${name}, not a storage class`;
}
