// What Espruino's native E.CRC32(string) computes: zlib's CRC-32 over the string's bytes (each char
// is one byte, 0-255), as an unsigned number (E.CRC32("hello") = 907060870 on the real interpreter).
// The simulator's E.CRC32, and every Node-side writer of flash records, use this one function.
import { crc32 } from "node:zlib";

export function espruinoCrc32(text: string): number {
  return crc32(Buffer.from(String(text), "latin1"));
}
