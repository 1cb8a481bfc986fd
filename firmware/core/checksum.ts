// Flash records are checksummed with CRC-32 (IEEE 802.3, zlib's). On the board the CRC is the
// interpreter's native E.CRC32, passed in by the hardware layer: an interpreted CRC cost 3 statements
// per byte (~1.7 KB per save with a full history), and the core names no Espruino global. Tests and
// the host pass zlib's crc32 over the same bytes. The hex text is the same as the interpreted CRC
// wrote before, so records from older firmware still read.

/** CRC-32 of the low byte of each char code of a text, as a number (signed or unsigned: both are accepted). */
export type Crc32 = (text: string) => number;

/** A CRC as 8 lowercase hex digits. */
export function crcHex(crc: number): string {
  return ("0000000" + (crc >>> 0).toString(16)).slice(-8);
}
