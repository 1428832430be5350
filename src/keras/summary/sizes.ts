// Numbers as Keras's summaries print them: counts with thousands separators, and byte sizes in 1024 steps.

/** A count with thousands separators, as Python's `{:,}`. */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Python's `{:.2f}`: rounded on the exact binary value, a tie to the even digit (JavaScript's toFixed rounds ties up). */
export function fixed2(x: number): string {
  const exact = x.toFixed(100);
  const cut = exact.indexOf(".") + 3;
  const tie = /^50*$/.test(exact.slice(cut));
  return tie && Number(exact[cut - 1]) % 2 === 0 ? exact.slice(0, cut) : x.toFixed(2);
}

/** Keras's readable_memory_size: divides by 1024 while at least 1024 of the unit, up to PB; bytes are `B` in Keras 3, `Byte` before. */
export function readableSize(bytes: number, byteUnit: "B" | "Byte"): string {
  const units = [byteUnit, "KB", "MB", "GB", "TB", "PB"];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${fixed2(size)} ${unit}`;
    size /= 1024;
  }
  return `${fixed2(size)} PB`;
}
