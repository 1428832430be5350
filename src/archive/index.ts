// The archive module's public face: positional file reads and validated zip archives.
export { FileSource } from "./file-source.js";
export { ZipArchive, type ZipEntry } from "./zip.js";
export { type ZipWriteEntry, type ZipWriteOptions, writeZip } from "./zip-write.js";
