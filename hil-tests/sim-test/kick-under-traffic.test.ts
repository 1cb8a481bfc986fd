// The built bundle under steady serial traffic: every event used to re-arm the main timer one
// kick interval ahead, so a BEAT every few hundred ms kept the interpreter watchdog from being
// kicked and the chip reset after watchdogSeconds (seen as a BEAT without a reply in the bench's
// 2,000 round trips through the real-time board). Virtual time: 60 s take well under a second.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { distPath } from "../../sim/dist.ts";
import { createStandalone } from "../../sim/standalone.ts";

describe("sim: the firmware kicks its watchdog under steady serial traffic", function () {
  before(function () {
    if (!existsSync(distPath("firmware/esp32.js"))) this.skip();
  });

  for (const periodMs of [5, 200, 900]) {
    it(`a BEAT every ${periodMs} ms for 60 s: every one answered, no chip reset`, () => {
      const sim = createStandalone({ board: "esp32", seed: 7 });
      let out = "";
      sim.board.onHostOutput((text) => (out += text));
      sim.board.powerOn();
      sim.clock.advance(2000);
      let sent = 0;
      for (let t = 0; t < 60000; t += periodMs) {
        sim.board.hostWrite("BEAT\n");
        sent++;
        sim.clock.advance(periodMs);
      }
      sim.clock.advance(100);
      assert.deepEqual(sim.board.starts.map((s) => s.kind), ["power-on"]);
      assert.equal(out.split("OK BEAT").length - 1, sent);
    });
  }
});
