// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), four bits at a time.
// Espruino interprets every statement from source, so the work per byte is what a save costs on the
// board: bit by bit it was 8 loop rounds per byte, and a save checksums both slots and the new record
// (about 2.4 KB with a full history: ~19,600 rounds before the relay pulse starts; docs/performance.md).
// A nibble table makes it 3 statements per byte instead of 1 + 8 loop rounds. The table is a literal inside the function, so it
// exists only while a checksum runs (33 JsVars); a 256-entry byte table would cost ~513 and stay.
// Only shifts, xor and array reads: no Math.imul (not known present on Espruino).

/** CRC-32 of the low byte of each char code of `text`, as 8 lowercase hex digits. */
export function crc32Hex(text: string): string {
  const nibble = [
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
  ];
  let crc = -1;
  for (var i = 0; i < text.length; i++) {
    crc = crc ^ (text.charCodeAt(i) & 0xff);
    crc = (crc >>> 4) ^ nibble[crc & 15];
    crc = (crc >>> 4) ^ nibble[crc & 15];
  }
  return ((crc ^ -1) >>> 0).toString(16).padStart(8, "0");
}
