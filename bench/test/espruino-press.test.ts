// Item 5 on the real interpreter (bench/lib/espruino-press.ts): every action is found and paired
// with its deadline, across the BEAT that keeps them resets, and the row says which bundle ran on
// which build. Runs when ESPRUINO_BIN names an interpreter; skipped, saying so, without it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import esp8266 from "../../boards/esp8266.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { measurePress, pressRows, PRESS_PULSE_MS } from "../lib/espruino-press.ts";
import { builtPath } from "../lib/snapshot.ts";

describe("bench: relay close − deadline on the real interpreter", function () {
  this.timeout(120000);

  it("reports the figure as not measured without an interpreter", async () => {
    const rows = await pressRows([], 3);
    assert.equal(rows.length, 1);
    assert.match(rows[0].note, /^not measured: no interpreter/);
  });

  it("pairs 11 presses with their deadlines across a BEAT (esp8266 bundle)", async function () {
    const bin = espruinoBin();
    if (bin === undefined) {
      this.test!.title += ` [skipped: ${NO_INTERPRETER}]`;
      this.skip();
    }
    const f = await measurePress(bin!, readFileSync(builtPath("firmware/esp8266.js"), "latin1"), esp8266, 11);
    assert.equal(f.closeMs.length, 11);
    assert.equal(f.widthMs.length, 11);
    // Never before its deadline (the core's clock counts whole ms), and a press is a pulse, not an edge.
    for (const c of f.closeMs) assert.ok(c > -2, `a close ${c} ms before its deadline`);
    for (const w of f.widthMs) assert.ok(w >= PRESS_PULSE_MS - 1, `a pulse of ${w} ms`);
    assert.equal(typeof f.realtime, "boolean");
  });
});
