// Numbers as Keras's summaries print them: counts with thousands separators, and byte sizes in 1024 steps.
import { pythonFixed } from "../../tensor/print/digits.js";

/** A count with thousands separators, as Python's `{:,}`. */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Python's `{:.2f}` (the shared exact formatter: rounded on the binary value, ties to even). */
export const fixed2 = (x: number): string => pythonFixed(x, 2);

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
