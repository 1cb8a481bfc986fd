// E.CRC32 in the simulator: what the real interpreter returns (zlib's CRC-32 of the string's bytes,
// unsigned), checked against a bit-by-bit reference on random byte strings.
import assert from "node:assert/strict";
import fc from "fast-check";
import { bootBoard, evalOn } from "./helpers.ts";

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) bit by bit over the low byte of each char. */
function referenceCrc32(text: string): number {
  let crc = -1;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ -1) >>> 0;
}

describe("sim: E.CRC32", () => {
  it("returns the real interpreter's figures (espruino-linux 2v29), unsigned", () => {
    const t = bootBoard("");
    assert.equal(evalOn(t.board, `E.CRC32("hello")`), 907060870);
    assert.equal(evalOn(t.board, `E.CRC32("a")`), 3904355907);
    assert.equal(evalOn(t.board, `E.CRC32("The quick brown fox jumps over the lazy dog")`), 1095738169);
    assert.equal(evalOn(t.board, `E.CRC32("")`), 0);
  });

  it("agrees with a bit-by-bit CRC-32 on any byte string", () => {
    const t = bootBoard("");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (raw) => {
        const text = Array.from(raw, (c) => String.fromCharCode(c.charCodeAt(0) & 0xff)).join("");
        assert.equal(evalOn(t.board, `E.CRC32(${JSON.stringify(text)})`), referenceCrc32(text));
      }),
      { numRuns: 200 },
    );
  });
});
