// Storage as a journal that survives power cycles, and a power cut in the middle of a write.
import assert from "node:assert/strict";
import pico from "../../boards/pico.ts";
import { HEADER_BYTES, JournalFlash } from "../../sim/espruino/flash.ts";
import { bootBoard, evalOn } from "./helpers.ts";

describe("sim: Storage (journaling flash)", () => {
  it("every rewrite appends; compact() gives the space back", () => {
    const flash = new JournalFlash(4096);
    flash.write("cfg", "a".repeat(100));
    flash.write("cfg", "b".repeat(100));
    assert.equal(flash.usedBytes(), 2 * (HEADER_BYTES + 100));
    assert.equal(flash.read("cfg"), "b".repeat(100));
    flash.compact();
    assert.equal(flash.usedBytes(), HEADER_BYTES + 100);
  });

  it("compacts by itself when full, and refuses a file that cannot fit at all", () => {
    const flash = new JournalFlash(1024);
    for (let i = 0; i < 20; i++) assert.equal(flash.write("cfg", String(i).repeat(200).slice(0, 200)), true);
    assert.ok(flash.compactions > 0);
    assert.equal(flash.write("big", "x".repeat(2000)), false);
    assert.equal(flash.read("cfg")?.slice(0, 2), "19");
  });

  it("keeps files across power cycles of the board", () => {
    const t = bootBoard(`var s = require("Storage"); if (s.read("n") === undefined) s.write("n", "0"); else s.write("n", String(Number(s.read("n")) + 1));`);
    for (let i = 0; i < 3; i++) {
      t.board.powerOff();
      t.clock.advance(10);
      t.board.powerOn();
      t.clock.advance(600);
    }
    assert.equal(t.board.flash.read("n"), "3");
  });

  it("a power cut during a write leaves a torn record and stops the board at once", () => {
    const t = bootBoard(`var s = require("Storage"); s.write("slot1", "good");
      setTimeout(function () { s.write("slot1", "0123456789"); Serial1.write("after the write\\n"); }, 100);`);
    t.board.flash.tearNextWrite({ afterBytes: 4 });
    t.clock.advance(200);
    assert.equal(t.board.phase(), "off");
    assert.equal(t.board.flash.read("slot1"), "0123\xff\xff\xff\xff\xff\xff");
    assert.doesNotMatch(t.output(), /after the write/);
  });

  it("a torn write can be aimed at one file and at a fraction of its data", () => {
    const t = bootBoard(`var s = require("Storage"); setTimeout(function () { s.write("a", "xxxx"); s.write("b", "0123456789"); }, 10);`, { board: pico });
    t.board.flash.tearNextWrite({ file: "b", fraction: 0.3 });
    t.clock.advance(50);
    assert.equal(t.board.flash.read("a"), "xxxx");
    assert.equal(t.board.flash.read("b"), "012" + "\xff".repeat(7));
    t.board.powerOn();
    t.clock.advance(600);
    assert.equal(evalOn(t.board, `require("Storage").read("a")`), "xxxx");
  });
});
