// What a firmware image is checked by, on the host and on the board alike: its length and CRC-32
// (zlib's crc32 here, E.CRC32 on the board: the same polynomial, both unsigned).
import { crc32 } from "node:zlib";

export interface Digest {
  length: number;
  crc: number;
}

export function digestOf(bytes: Buffer): Digest {
  return { length: bytes.length, crc: crc32(bytes) };
}
