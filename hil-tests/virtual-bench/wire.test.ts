// The virtual wire's mapping from DUT pin writes to observer input levels, and the bench's start-up
// errors: no interpreter is started.
import assert from "node:assert/strict";
import esp32 from "../../boards/esp32.ts";
import esp8266 from "../../boards/esp8266.ts";
import observer from "../../boards/observer-esp32.ts";
import { startVirtualBench } from "./serve.ts";
import { VirtualWire } from "./wire.ts";

const RELAY = { operateMs: 8, releaseMs: 4 };

describe("virtual bench: the wire between DUT and observer", () => {
  it("starts with the DUT unpowered: relay contacts open (pulled up), LED dark", () => {
    const wire = new VirtualWire(esp32, observer, RELAY);
    assert.deepEqual(wire.levels(), { D18: 1, D19: 1, D21: 0 });
  });

  it("an active-LOW relay pin written LOW closes its contact operateMs later; HIGH opens it releaseMs later", () => {
    const wire = new VirtualWire(esp32, observer, RELAY);
    assert.deepEqual(wire.dutWrite("D25", false, 100), [{ pin: "D18", level: 0, atSeconds: 100.008 }]);
    assert.deepEqual(wire.dutWrite("D25", true, 101), [{ pin: "D18", level: 1, atSeconds: 101.004 }]);
  });

  it("the power relay and the LED reach their own observer inputs; the LED has no delay", () => {
    const wire = new VirtualWire(esp8266, observer, RELAY);
    assert.deepEqual(wire.dutWrite("D4", false, 5), [{ pin: "D19", level: 0, atSeconds: 5.008 }]);
    assert.deepEqual(wire.dutWrite("D14", true, 6), [{ pin: "D21", level: 1, atSeconds: 6 }]);
  });

  it("a write that changes no level, or a pin on no wire, is no edge (a real wire shows none)", () => {
    const wire = new VirtualWire(esp32, observer, RELAY);
    assert.deepEqual(wire.dutWrite("D25", true, 1), [], "idle HIGH at boot: the contact stays open");
    assert.deepEqual(wire.dutWrite("D32", false, 1), []);
    assert.deepEqual(wire.dutWrite("D2", true, 1), []);
  });

  it("a power cut opens every closed contact releaseMs later and darkens the LED at once", () => {
    const wire = new VirtualWire(esp32, observer, RELAY);
    wire.dutWrite("D25", false, 10);
    wire.dutWrite("D32", true, 10);
    const changes = wire.dutPowerOff(11).sort((a, b) => a.pin.localeCompare(b.pin));
    assert.deepEqual(changes, [
      { pin: "D18", level: 1, atSeconds: 11.004 },
      { pin: "D21", level: 0, atSeconds: 11 },
    ]);
    assert.deepEqual(wire.levels(), { D18: 1, D19: 1, D21: 0 });
  });

  it("knows the observer's supply pin and its polarity (D23, HIGH = DUT powered)", () => {
    const wire = new VirtualWire(esp32, observer, RELAY);
    assert.equal(wire.supplyOn("D23", 1), true);
    assert.equal(wire.supplyOn("D23", 0), false);
    assert.equal(wire.supplyOn("D18", 1), undefined);
  });
});

describe("virtual bench: start-up errors are one line", () => {
  it("without ESPRUINO_BIN or without bundles", async () => {
    await assert.rejects(startVirtualBench("esp32", {}), { name: "TargetConfigError", message: /^ESPRUINO_BIN is not set/ });
    // Any executable passes the ESPRUINO_BIN check; these errors come before it is started.
    const env = { ESPRUINO_BIN: process.execPath };
    await assert.rejects(startVirtualBench("esp32", { ...env, BANKEN_DIST: "no-such-dist" }), { name: "TargetConfigError", message: /^no bundle at .*no-such-dist.*: run npm run build$/ });
  });
});
