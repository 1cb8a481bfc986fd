import { strict as assert } from "node:assert";
import { crc32 } from "node:zlib";
import fc from "fast-check";
import { crc32Hex } from "../core/checksum.ts";

describe("crc32Hex", () => {
  it("matches the standard CRC-32 check values", () => {
    assert.equal(crc32Hex("123456789"), "cbf43926");
    assert.equal(crc32Hex(""), "00000000");
    assert.equal(crc32Hex("The quick brown fox jumps over the lazy dog"), "414fa339");
  });

  it("agrees with zlib's CRC-32 on any text (the low byte of each char code, as flash stores it)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        const bytes = Buffer.from(Array.from({ length: text.length }, (_, i) => text.charCodeAt(i) & 0xff));
        assert.equal(crc32Hex(text), crc32(bytes).toString(16).padStart(8, "0"));
      }),
    );
  });

  it("changes when any single byte changes", () => {
    const text = '{"attempts":0,"boots":3}';
    const sum = crc32Hex(text);
    for (let i = 0; i < text.length; i++) {
      const garbled = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
      assert.notEqual(crc32Hex(garbled), sum, `byte ${i}`);
    }
  });
});
