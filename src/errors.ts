// The one error shape of weightscope: what went wrong, in which file, at which place, and what to do.

/**
 * Every error weightscope raises on purpose. `file` is the path the user gave, `place` the spot inside it
 * (a byte offset, a zip entry, a pickle position, an HDF5 path, a layer), and the message is one line:
 * `file: place: what happened`.
 */
export class WeightscopeError extends Error {
  readonly file: string | undefined;
  readonly place: string | undefined;
  readonly detail: string;

  constructor(detail: string, where: { file?: string | undefined; place?: string | undefined } = {}) {
    super([where.file, where.place, detail].filter((part) => part !== undefined && part !== "").join(": "));
    this.name = new.target.name;
    this.file = where.file;
    this.place = where.place;
    this.detail = detail;
  }
}

/** Zip container problems: bad records, lengths outside the file, CRC mismatches. */
export class ArchiveError extends WeightscopeError {}

/** Pickle stream problems: unknown opcodes, truncation, limits, refused globals. */
export class PickleError extends WeightscopeError {}

/** Tensor problems: shapes, strides and storages that do not fit together. */
export class TensorError extends WeightscopeError {}

/** PyTorch file problems above the container and pickle level. */
export class TorchFileError extends WeightscopeError {}
