// The simulator runs Storage boot files as the real interpreter does (hil-tests/espruino/
// boot-files.test.ts checks the same lines on it): .bootPowerOn at a chip start, .boot0 … .boot3 at
// every start, then .bootcde read only after them. The flash's repair file (.boot3) depends on it.
import assert from "node:assert/strict";
import { BOOT_ORDER_EXPECTED, BOOT_ORDER_FILES, bootLines } from "../support/boot-order.ts";
import { bootBoard } from "./helpers.ts";

describe("sim: boot files", () => {
  it("power-up, load() and reset() run the boot files in the real interpreter's order", () => {
    const t = bootBoard("", { powerOn: false });
    for (const [name, text] of Object.entries(BOOT_ORDER_FILES)) t.board.flash.write(name, text);
    t.board.powerOn();
    t.clock.advance(2000);
    assert.deepEqual(bootLines(t.output()), BOOT_ORDER_EXPECTED);
  });
});
