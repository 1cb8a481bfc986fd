// digitalWrite vs pinMode, the relay module's operate time, setWatch.
import assert from "node:assert/strict";
import { Net } from "../../sim/electrical/net.ts";
import { RelayModule } from "../../sim/electrical/relay.ts";
import type { TestBoard } from "./helpers.ts";
import { bootBoard, evalOn } from "./helpers.ts";

/** An active-LOW relay module on `pin` with a pull-up, as boards/esp32.ts wires D25. */
function relayOn(t: TestBoard, pin: string): { relay: RelayModule; lineLows: () => number } {
  const net = new Net("relay-in", "up");
  t.board.pin(pin).connect(net);
  const relay = new RelayModule({ clock: t.clock, input: net, activeLow: true, powered: () => t.board.powered(), onPowerChange: (l) => t.board.onPowerChange(l) });
  let lows = 0;
  net.onChange((level) => {
    if (level === 0) lows++;
  });
  return { relay, lineLows: () => lows };
}

describe("sim: pins and the relay module", () => {
  it("digitalWrite(pin, 1) on an idle pin makes it an output at HIGH with no LOW moment", () => {
    const t = bootBoard("", { powerOn: false });
    const r = relayOn(t, "D25");
    t.board.powerOn();
    t.clock.advance(500);
    evalOn(t.board, `digitalWrite("D25", 1)`);
    t.clock.advance(100);
    assert.equal(r.lineLows(), 0);
    assert.equal(r.relay.clicks(), 0);
  });

  it("pinMode(pin, 'output') drives LOW for a moment: it reaches the relay's input but is too short to click", () => {
    const t = bootBoard("", { powerOn: false });
    const r = relayOn(t, "D25");
    t.board.powerOn();
    t.clock.advance(500);
    evalOn(t.board, `digitalWrite("D25", 1); pinMode("D25", "input"); pinMode("D25", "output"); digitalWrite("D25", 1)`);
    t.clock.advance(100);
    assert.equal(r.lineLows(), 1, "the glitch is on the wire");
    assert.equal(r.relay.clicks(), 0, "20 µs is far below the 5 ms operate time");
  });

  it("pinMode(pin, 'output') before any write holds the line LOW: the relay clicks", () => {
    const t = bootBoard("", { powerOn: false });
    const r = relayOn(t, "D25");
    t.board.powerOn();
    t.clock.advance(500);
    evalOn(t.board, `pinMode("D25", "output"); setTimeout(function(){ digitalWrite("D25", 1); }, 50)`);
    t.clock.advance(100);
    assert.equal(r.relay.clicks(), 1);
    assert.equal(r.relay.closed(), false, "released again after the write");
  });

  it("a LOW pulse shorter than the operate time does not close the contact; a longer one does", () => {
    const t = bootBoard(`digitalWrite("D25", 1);`, { powerOn: false });
    const r = relayOn(t, "D25");
    t.board.powerOn();
    t.clock.advance(600);
    evalOn(t.board, `digitalPulse("D25", 0, 4)`);
    t.clock.advance(50);
    assert.equal(r.relay.clicks(), 0);
    evalOn(t.board, `digitalPulse("D25", 0, 6)`);
    t.clock.advance(50);
    assert.equal(r.relay.clicks(), 1);
    const [closed, opened] = r.relay.edges;
    assert.equal(closed.tMs, 650 + 5, "operate time after the input went LOW");
    assert.equal(opened.tMs, 650 + 6 + 3, "release time after it went HIGH again");
  });

  it("setWatch reports edges with their time; repeat=false watches once; debounce waits for a steady level", () => {
    const t = bootBoard(`var seen = []; pinMode("D18", "input");
      setWatch(function(e){ seen.push("both:" + e.state + "@" + Math.round(e.time*1e6)); }, "D18", {repeat: true, edge: "both"});
      setWatch(function(e){ seen.push("once:" + e.state); }, "D18", {repeat: false, edge: "rising"});
      setWatch(function(e){ seen.push("deb:" + e.state + "@" + Math.round(e.time*1e6)); }, "D18", {repeat: true, edge: "both", debounce: 10});`, { powerOn: false });
    const net = new Net("in", "down");
    const drive = { drive: null as 0 | 1 | null, pull: "none" as const };
    t.board.pin("D18").connect(net);
    net.attach(drive);
    t.board.powerOn();
    t.clock.advance(500);
    const set = (level: 0 | 1): void => {
      drive.drive = level;
      net.update();
    };
    set(1);
    t.clock.advance(2);
    set(0);
    t.clock.advance(2);
    set(1);
    t.clock.advance(20);
    assert.deepEqual(evalOn(t.board, "seen"), [
      "both:true@500000",
      "once:true",
      "both:false@502000",
      "both:true@504000",
      "deb:true@504000",
    ]);
  });

  it("an exception in a watch callback does not remove the watch", () => {
    const t = bootBoard(`var n = 0; pinMode("D18", "input_pulldown"); setWatch(function(){ n++; throw new Error("w"); }, "D18", {repeat: true, edge: "rising"});`);
    const net = t.board.pin("D18").net;
    const drive = { drive: null as 0 | 1 | null, pull: "none" as const };
    net.attach(drive);
    for (let i = 0; i < 3; i++) {
      drive.drive = 1;
      net.update();
      t.clock.advance(1);
      drive.drive = null;
      net.update();
      t.clock.advance(1);
    }
    assert.equal(evalOn(t.board, "n"), 3);
    assert.equal(t.errors().length, 3);
  });
});
