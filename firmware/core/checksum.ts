// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), four bits at a time.
// Espruino interprets every statement from source, so the work per byte is what a save costs on the
// board, and an action saves (its attempt count must survive the board losing power with the host)
// before its relay closes. A save checksums the newest slot and the new record (persist.ts), ~1.7 KB
// with a full history. Bit by bit it was 1 + 8 loop rounds per byte; with a table per nibble it is
// 3 statements per byte (docs/performance.md has the counts). The table is made by each call from the
// bit-by-bit rule (16 × 4 rounds) and exists only while it runs: a literal table would add ~90 bytes
// to the bundle, and a 256-entry byte table would keep ~513 JsVars for good.
// Only shifts, xor and array reads: no Math.imul (not known present on Espruino).

/** CRC-32 of the low byte of each char code of `text`, as 8 lowercase hex digits. */
export function crc32Hex(text: string): string {
  const nibble: number[] = [];
  for (var n = 0; n < 16; n++) {
    let c = n;
    for (var bit = 0; bit < 4; bit++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    nibble.push(c);
  }
  let crc = -1;
  for (var i = 0; i < text.length; i++) {
    crc = crc ^ (text.charCodeAt(i) & 0xff);
    crc = (crc >>> 4) ^ nibble[crc & 15];
    crc = (crc >>> 4) ^ nibble[crc & 15];
  }
  return ((crc ^ -1) >>> 0).toString(16).padStart(8, "0");
}
