// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit.
// No lookup table (it would cost 256 JsVars on the board) and no Math.imul (not known present on
// Espruino): only shifts and xor, which the interpreter does on 32-bit integers like any JS engine.
// Flash records are a few hundred bytes and written rarely, so speed does not matter here.

/** CRC-32 of the low byte of each char code of `text`, as 8 lowercase hex digits. */
export function crc32Hex(text: string): string {
  let crc = -1;
  for (var i = 0; i < text.length; i++) {
    crc = crc ^ (text.charCodeAt(i) & 0xff);
    for (var bit = 0; bit < 8; bit++) {
      crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
  }
  return ((crc ^ -1) >>> 0).toString(16).padStart(8, "0");
}
