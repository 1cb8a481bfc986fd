// How fast the simulation runs: one watchdog (DUT + observer, built bundles) for a simulated month
// with a heartbeat every 30-90 s. Prints simulated days per wall second.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { distPath } from "../../sim/dist.ts";
import { Rng } from "../../sim/rng.ts";
import { createSimRig } from "../../rig/sim/sim-rig.ts";

const DAY_MS = 86400000;

describe("sim: speed", function () {
  before(function () {
    if (!existsSync(distPath("firmware/esp32.js"))) this.skip();
  });

  it("a month of one heartbeating watchdog: no action, and the figure printed", async function () {
    this.timeout(120000);
    const rig = await createSimRig({ board: "esp32", seed: 11 });
    const rng = new Rng(11);
    await rig.powerDut(true);
    await rig.wait(1500);
    const wallStart = performance.now();
    const simStart = rig.now();
    let beats = 0;
    while (rig.now() - simStart < 30 * DAY_MS) {
      assert.match(await rig.request("BEAT"), /^OK BEAT/);
      beats++;
      await rig.wait(rng.int(30000, 90000));
    }
    const wallS = (performance.now() - wallStart) / 1000;
    const days = (rig.now() - simStart) / DAY_MS;
    console.log(`      simulated ${days.toFixed(1)} days (${beats} heartbeats, ${rig.clock.eventsRun} events) in ${wallS.toFixed(2)} s wall: ${(days / wallS).toFixed(1)} simulated days per wall second`);
    assert.equal(rig.contactEdges().length, 0);
    assert.ok(wallS < 60, `a month took ${wallS.toFixed(1)} s`);
    await rig.close();
  });
});
