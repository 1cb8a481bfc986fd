// E.enableWatchdog / E.kickWatchdog: a missed kick resets the chip (boot phase again, then JS).
import assert from "node:assert/strict";
import esp8266 from "../../boards/esp8266.ts";
import { bootBoard } from "./helpers.ts";

const kinds = (t: ReturnType<typeof bootBoard>): string[] => t.board.starts.map((s) => s.kind);

describe("sim: interpreter watchdog", () => {
  it("not kicked within its seconds: the chip resets and runs its boot code again", () => {
    const t = bootBoard(`E.enableWatchdog(2, false);`);
    t.clock.advance(1999);
    assert.deepEqual(kinds(t), ["power-on"]);
    t.clock.advance(1);
    assert.equal(t.board.phase(), "boot", "a chip reset goes through the boot phase");
    t.clock.advance(500);
    assert.deepEqual(kinds(t), ["power-on", "watchdog"]);
  });

  it("kicked from a timer: never resets", () => {
    const t = bootBoard(`E.enableWatchdog(2, false); setInterval(function () { E.kickWatchdog(); }, 1000);`);
    t.clock.advance(600000);
    assert.deepEqual(kinds(t), ["power-on"]);
  });

  it("a stuck JS loop stops the kicks and the watchdog resets the chip", () => {
    const t = bootBoard(`E.enableWatchdog(3, false); setInterval(function () { E.kickWatchdog(); }, 1000);`);
    t.clock.advance(10000);
    t.board.hang(Infinity);
    t.clock.advance(3000);
    t.clock.advance(600);
    assert.deepEqual(kinds(t), ["power-on", "watchdog"]);
  });

  it("isAuto = true: the idle loop kicks, only a hang resets", () => {
    const t = bootBoard(`E.enableWatchdog(2, true);`);
    t.clock.advance(60000);
    assert.deepEqual(kinds(t), ["power-on"]);
    t.board.hang(5000);
    t.clock.advance(3000);
    assert.deepEqual(kinds(t), ["power-on", "watchdog"]);
  });

  it("on the ESP8266 port E.enableWatchdog does nothing", () => {
    const t = bootBoard(`E.enableWatchdog(2, false);`, { board: esp8266 });
    t.clock.advance(60000);
    assert.deepEqual(kinds(t), ["power-on"]);
    assert.match(t.board.log.map((l) => l.message).join("\n"), /no-op/);
  });
});
