// The chip's boot phase (boards/chips.ts) reaches the relay module: a relay on a pin that toggles
// or is pulled the wrong way at boot clicks at power-up, one on a boot-quiet pin never does.
import assert from "node:assert/strict";
import esp32 from "../../boards/esp32.ts";
import esp8266 from "../../boards/esp8266.ts";
import pico from "../../boards/pico.ts";
import type { BoardFile } from "../../boards/types.ts";
import { VirtualClock } from "../../sim/clock.ts";
import { Net } from "../../sim/electrical/net.ts";
import { RelayModule } from "../../sim/electrical/relay.ts";
import { SimBoard } from "../../sim/espruino/board.ts";
import { Rng } from "../../sim/rng.ts";

/** A board whose firmware does the right thing (write HIGH before anything else), relay on `pin`. */
function rig(file: BoardFile, pin: string, seed = 1) {
  const clock = new VirtualClock();
  const board = new SimBoard({ clock, board: file, bundle: `digitalWrite(${JSON.stringify(pin)}, 1);`, seed });
  const net = new Net("relay-in", "up");
  board.pin(pin).connect(net);
  const relay = new RelayModule({ clock, input: net, activeLow: true, powered: () => board.powered(), onPowerChange: (l) => board.onPowerChange(l) });
  return { clock, board, relay };
}

describe("sim: chip boot phase and relay clicks", () => {
  for (const [file, pin] of [
    [esp32, "D25"],
    [pico, "B6"],
    [esp8266, "D5"],
  ] as const) {
    it(`${file.id}: relay on ${pin} (the board file's pin) never clicks over 200 power cycles at random moments`, () => {
      const r = rig(file, pin);
      const rng = new Rng(42);
      for (let i = 0; i < 200; i++) {
        r.board.powerOn();
        r.clock.advance(rng.int(1, 2000));
        r.board.powerOff();
        r.clock.advance(rng.int(1, 500));
      }
      assert.ok(r.board.starts.length > 50, `JS started ${r.board.starts.length} times`);
      assert.equal(r.relay.clicks(), 0);
    });
  }

  it("esp32: relay on GPIO14 (PWM at boot) clicks at power-up, before JS runs", () => {
    const r = rig(esp32, "D14");
    r.board.powerOn();
    r.clock.advance(2000);
    assert.ok(r.relay.clicks() >= 1);
    assert.ok(r.relay.edges[0].tMs < r.board.starts[0].tMs);
  });

  it("esp8266: relay on GPIO0 (dips LOW at power-on) clicks", () => {
    const r = rig(esp8266, "D0");
    r.board.powerOn();
    r.clock.advance(2000);
    assert.ok(r.relay.clicks() >= 1);
  });

  it("esp32: a relay pull-up on strapping pin GPIO12 keeps the chip from booting", () => {
    const r = rig(esp32, "D12");
    r.board.powerOn();
    r.clock.advance(2000);
    assert.equal(r.board.phase(), "download");
    assert.equal(r.board.starts.length, 0);
  });

  it("esp32: a pull-down where the board file says pull-up: the relay is on from power-up until JS writes HIGH", () => {
    const clock = new VirtualClock();
    const board = new SimBoard({ clock, board: esp32, bundle: `setTimeout(function(){ digitalWrite("D23", 1); }, 100);`, jsStartMs: 700 });
    const net = new Net("relay-in", "down"); // the wiring mistake: GPIO23 has no pull of its own to fight it
    board.pin("D23").connect(net);
    const relay = new RelayModule({ clock, input: net, activeLow: true, powered: () => board.powered(), onPowerChange: (l) => board.onPowerChange(l) });
    board.powerOn();
    clock.advance(2000);
    assert.equal(relay.clicks(), 1, "LOW from power-up until the first write 800 ms later");
    assert.equal(relay.edges[0].tMs, 5);
    assert.equal(relay.edges[1].tMs, 803);
  });

  it("load() and reset() return Espruino's start-up pins to their pull: an output relay pin goes idle, no click", () => {
    const r = rig(esp32, "D25");
    r.board.powerOn();
    r.clock.advance(1500);
    r.board.restartInterpreter("load");
    r.board.restartInterpreter("reset");
    r.clock.advance(1000);
    assert.equal(r.relay.clicks(), 0);
    assert.deepEqual(r.board.starts.map((s) => s.kind), ["power-on", "load", "reset"]);
  });
});
