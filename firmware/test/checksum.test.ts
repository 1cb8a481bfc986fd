import { strict as assert } from "node:assert";
import { crc32Hex } from "../core/checksum.ts";

describe("crc32Hex", () => {
  it("matches the standard CRC-32 check values", () => {
    assert.equal(crc32Hex("123456789"), "cbf43926");
    assert.equal(crc32Hex(""), "00000000");
    assert.equal(crc32Hex("The quick brown fox jumps over the lazy dog"), "414fa339");
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
