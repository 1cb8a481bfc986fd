// The real interpreter's boot order (ESPRUINO_BIN; skipped without it), the fact the simulator copies
// (hil-tests/sim-test/boot-files.test.ts) and the flash's repair file (.boot3) relies on: .bootcde is
// read after .boot0 … .boot3 ran, and load() runs the boot files again.
import assert from "node:assert/strict";
import { BOOT_ORDER_EXPECTED, BOOT_ORDER_FILES, bootLines } from "../support/boot-order.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { EspruinoBoard } from "../../rig/espruino/interpreter.ts";

describe("espruino boot files (real interpreter)", function () {
  this.timeout(20000);

  it("power-up, load() and reset() run the boot files in this order", async function () {
    const bin = espruinoBin();
    if (bin === undefined) {
      this.test!.title += ` [skipped: ${NO_INTERPRETER}]`;
      this.skip();
    }
    const esp = await EspruinoBoard.create({ bin });
    let out = "";
    esp.onOutput((line) => (out += `${line}\n`));
    try {
      await esp.writeFlash(BOOT_ORDER_FILES);
      await esp.powerOn();
      for (let waitedMs = 0; bootLines(out).length < BOOT_ORDER_EXPECTED.length && waitedMs < 5000; waitedMs += 10) await new Promise((wake) => setTimeout(wake, 10));
      await new Promise((wake) => setTimeout(wake, 200)); // nothing more follows the reset()
      assert.deepEqual(bootLines(out), BOOT_ORDER_EXPECTED, out);
    } finally {
      await esp.dispose();
    }
  });
});
