import { strict as assert } from "node:assert";
import { crcHex } from "../core/checksum.ts";
import { crc32 } from "./harness.ts";

describe("crcHex", () => {
  it("writes a CRC as 8 lowercase hex digits, signed or unsigned", () => {
    assert.equal(crcHex(crc32("123456789")), "cbf43926");
    assert.equal(crcHex(crc32("")), "00000000");
    assert.equal(crcHex(crc32("The quick brown fox jumps over the lazy dog")), "414fa339");
    assert.equal(crcHex(0x12), "00000012");
    assert.equal(crcHex(-1), "ffffffff");
    assert.equal(crcHex(0xcbf43926 | 0), "cbf43926");
  });

  it("the record checksum written by the interpreted CRC of older firmware reads the same (a record of 0ddaac2)", () => {
    // Slot text written by the nibble-table CRC of commit 0ddaac2 for this body.
    const body = '{"cfg":{"timeoutMs":600000},"attempts":0,"boots":1,"log":["k=boot b=1 t=0"]}';
    assert.equal(crcHex(crc32("1 " + body)), "0d07fcef");
  });
});
