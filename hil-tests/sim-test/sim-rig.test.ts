// The simulated rig with the built bundles: the observer firmware reports what the DUT firmware does.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { distPath } from "../../sim/dist.ts";
import { createSimRig } from "../../rig/sim/sim-rig.ts";

const built = (rel: string): boolean => existsSync(distPath(rel));

describe("sim: the simulated rig (built bundles)", function () {
  before(function () {
    if (!built("firmware/esp32.js") || !built("observer/esp32.js")) this.skip();
  });

  it("starts with the DUT unpowered; PWR through the observer boots it and HELLO is answered", async () => {
    const rig = await createSimRig({ board: "esp32", seed: 3 });
    assert.equal(rig.viaObserver, true);
    assert.equal(rig.dut.phase(), "off");
    await rig.powerDut(true);
    await rig.wait(1500);
    assert.match(await rig.request("HELLO"), /^OK HELLO .*board=esp32/);
    assert.deepEqual(rig.edges().map((e) => [e.signal, e.level]), [["power", 1]]);
    await rig.close();
  });

  it("the observer's relay edges are the contact's edges, at the same µs", async () => {
    const rig = await createSimRig({ board: "esp32", seed: 4 });
    await rig.powerDut(true);
    await rig.wait(1500);
    assert.match(await rig.request("SET pulseMs=2000"), /^OK/);
    assert.match(await rig.request("TEST relay confirm=yes"), /^OK/);
    await rig.wait(3000);
    const relay = rig.edges().filter((e) => e.signal === "relay");
    const contact = rig.contactEdges();
    assert.equal(relay.length, 2);
    assert.deepEqual(relay.map((e) => e.t), contact.map((e) => e.tMs));
    const widthMs = relay[1].t - relay[0].t;
    // The firmware counts whole milliseconds, so its pulse may end up to 1 ms early (the sim tolerance).
    assert.ok(Math.abs(widthMs - (2000 - rig.relayDelays.operateMs + rig.relayDelays.releaseMs)) <= 1, `width ${widthMs} ms`);
    assert.ok(rig.edges().some((e) => e.signal === "led" && e.level === 1));
    await rig.close();
  });

  it("a power cut during the next flash write turns the DUT off and shows as a power edge", async () => {
    const rig = await createSimRig({ board: "pico", seed: 5 });
    await rig.powerDut(true);
    await rig.wait(1000);
    rig.cutPowerDuringNextFlashWrite({ fraction: 0.5 });
    rig.dut.hostWrite("SET timeoutMs=300000\n");
    await rig.wait(100);
    assert.equal(rig.dut.phase(), "off");
    assert.deepEqual(rig.edges().map((e) => [e.signal, e.level]), [["power", 1], ["power", 0]]);
    await rig.powerDut(true);
    await rig.wait(1000);
    assert.match(await rig.request("STATUS"), /^OK STATUS/);
    await rig.close();
  });

  it("opening the DUT's port with naive settings on a CH340 restarts it; the recommended ones do not", async () => {
    const rig = await createSimRig({ board: "esp8266", seed: 6, bridge: "ch340" });
    await rig.powerDut(true);
    await rig.wait(2000);
    rig.openPort({ hupcl: false, dtr: true, rts: true });
    await rig.wait(2000);
    const afterFirstOpen = rig.dutStarts().length;
    for (let i = 0; i < 10; i++) {
      rig.closePort();
      await rig.wait(100);
      rig.openPort({ hupcl: false, dtr: true, rts: true });
      await rig.wait(100);
    }
    await rig.wait(2000);
    assert.equal(rig.dutStarts().length, afterFirstOpen, "recommended: no restart after the first open");
    rig.closePort();
    for (let i = 0; i < 5; i++) {
      rig.openPort({ hupcl: true });
      await rig.wait(2000);
      rig.closePort();
      await rig.wait(100);
    }
    await rig.wait(2000);
    assert.equal(rig.dutStarts().length, afterFirstOpen + 4, "naive: the first HUPCL close drops the lines, then every open restarts");
    assert.equal(rig.edges().filter((e) => e.signal === "relay").length, 0, "and never a relay closure");
    await rig.close();
  });

  it("interpreter restarts (watchdog, load) never close the relay", async () => {
    const rig = await createSimRig({ board: "esp32", seed: 7 });
    await rig.powerDut(true);
    await rig.wait(1500);
    assert.match(await rig.request("BEAT"), /^OK/);
    rig.restartInterpreter("load");
    await rig.wait(2000);
    rig.hangDut(Infinity);
    await rig.wait(15000);
    assert.deepEqual(rig.dutStarts().map((s) => s.kind), ["power-on", "load", "watchdog"]);
    assert.equal(rig.contactEdges().length, 0);
    await rig.close();
  });
});
