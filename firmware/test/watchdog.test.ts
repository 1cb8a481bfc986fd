// The numbered behaviours of issue 2 that the core owns, on a virtual clock.
import { strict as assert } from "node:assert";
import { Bench } from "./harness.ts";
import { DEFAULT_CONFIG } from "../core/config.ts";
import { BUTTON_HOLD_MS, STATUS_SHOW_MS } from "../core/watchdog.ts";
import type { PersistedState } from "../core/types.ts";

const MIN = 60000;

function restored(over: Partial<PersistedState>, cfg: Partial<typeof DEFAULT_CONFIG> = {}): PersistedState {
  return { cfg: { ...DEFAULT_CONFIG, ...cfg }, attempts: 0, boots: 3, log: [], judge: 0, ...over };
}

/** A board that restarted with attempts at maxAttempts and gave up at its boot deadline (t=1000). */
function gaveUp(): Bench {
  const b = new Bench({ restored: restored({ attempts: 5 }, { bootTimeoutMs: 1000 }) }).start();
  b.run(1000);
  assert.equal(b.dog.state(), "gave-up");
  return b;
}

describe("watchdog: 1. retriggerable timeout", () => {
  it("presses reset timeoutMs after the last BEAT, for exactly pulseMs, LED solid exactly then", () => {
    const b = new Bench().start();
    b.ask("BEAT", 1000);
    b.ask("BEAT", 5 * MIN);
    b.run(5 * MIN + 600000 - 1);
    assert.deepEqual(b.out.presses(), [], "no press one ms before the deadline");
    b.run(5 * MIN + 600000 + 20000);
    assert.deepEqual(b.out.relayEdges.slice(1), [
      { t: 5 * MIN + 600000, pressed: true },
      { t: 5 * MIN + 600000 + 10000, pressed: false },
    ]);
    const solid = b.out.leds.filter((l) => l.pattern === "solid");
    assert.deepEqual(solid.map((l) => l.t), [5 * MIN + 600000]);
    const afterSolid = b.out.leds[b.out.leds.indexOf(solid[0]) + 1];
    assert.deepEqual(afterSolid, { t: 5 * MIN + 600000 + 10000, pattern: "off" });
    assert.ok(b.unsolicited().includes("!ACT reset n=1"));
  });

  it("every BEAT restarts the countdown and the reply carries left=", () => {
    const b = new Bench().start();
    assert.equal(b.ask("BEAT", 0), "OK BEAT left=600000 state=armed");
    assert.equal(b.ask("BEAT seq=7", 400000), "OK BEAT left=600000 state=armed seq=7");
    assert.equal(Bench.fields(b.ask("STATUS", 500000)).left, "500000");
    b.run(999999);
    assert.equal(b.dog.state(), "warning");
    assert.deepEqual(b.out.presses(), []);
    b.run(1000000);
    assert.equal(b.dog.state(), "acting");
  });

  it("a BEAT while acting never cuts the press short", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(600000 + 100);
    assert.equal(b.ask("BEAT"), "OK BEAT left=-1 state=acting");
    b.ask("HOLD 1000");
    b.ask("DISARM");
    b.run(700000);
    assert.deepEqual(b.out.relayEdges.slice(1), [
      { t: 600000, pressed: true },
      { t: 610000, pressed: false },
    ]);
  });

  it("a late tick presses the relay for the full pulse, counted from the press", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.out.now = 600500;
    b.dog.tick(600500);
    b.out.now = 610499;
    b.dog.tick(610499);
    assert.equal(b.dog.state(), "acting");
    b.out.now = 610500;
    b.dog.tick(610500);
    assert.deepEqual(b.out.relayEdges.slice(1).map((e) => e.t), [600500, 610500]);
  });
});

describe("watchdog: 2. boot phase separate from run phase", () => {
  it("after board power-up it never acts before the first BEAT", () => {
    const b = new Bench().start();
    assert.equal(b.dog.nextWakeMs(), -1);
    b.run(30 * 24 * 60 * MIN);
    assert.equal(b.dog.state(), "waiting");
    assert.deepEqual(b.out.presses(), []);
    assert.equal(Bench.fields(b.ask("STATUS")).left, "-1");
  });

  it("with bootTimeoutMs set, acts when it expires after power-up", () => {
    const b = new Bench({ restored: restored({}, { bootTimeoutMs: 120000 }) }).start();
    b.run(119999);
    assert.deepEqual(b.out.presses(), []);
    b.run(120000);
    assert.deepEqual(b.out.presses(), [120000]);
    assert.ok(b.unsolicited().includes("!ACT reset n=1"));
  });

  it("after a reset the host gets timeoutMs (bootTimeoutMs=0) for its first BEAT, without warning", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(610000);
    assert.equal(b.dog.state(), "waiting");
    assert.equal(Bench.fields(b.ask("STATUS")).left, "600000");
    b.run(610000 + 600000 - 1);
    assert.equal(b.out.presses().length, 1);
    assert.equal(b.unsolicited().filter((l) => l.startsWith("!WARN")).length, 1, "only the run-phase warning");
    b.run(610000 + 600000);
    assert.deepEqual(b.out.presses(), [600000, 1210000]);
  });

  it("after a reset the host gets bootTimeoutMs when set, whatever timeoutMs is", () => {
    const b = new Bench({ restored: restored({}, { timeoutMs: 60000, warnMs: 0, bootTimeoutMs: 300000 }) }).start();
    b.ask("BEAT", 0);
    b.run(60000 + 10000);
    b.run(70000 + 299999);
    assert.equal(b.out.presses().length, 1, "run timeout (60 s) does not apply while the host boots");
    b.run(370000);
    assert.equal(b.out.presses().length, 2);
  });

  it("the host's first BEAT after a reset arms with the run timeout and reports back", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(694000);
    const lines = b.say("BEAT\n");
    assert.deepEqual(lines, ["!BACK after=94000", "OK BEAT left=600000 state=armed"]);
    assert.equal(b.status().attempts, "0");
  });
});

describe("watchdog: 4. pre-timeout warning", () => {
  it("sends !WARN once at deadline-warnMs and blinks fast until acting", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(539999);
    assert.equal(b.dog.state(), "armed");
    b.run(540000);
    assert.equal(b.dog.state(), "warning");
    assert.equal(b.out.ledNow(), "warn-blink");
    b.run(599999);
    assert.deepEqual(b.unsolicited().filter((l) => l.startsWith("!WARN")), ["!WARN left=60000"]);
    b.run(600000);
    assert.equal(b.out.ledNow(), "solid");
  });

  it("a BEAT during the warning re-arms and stops the blinking", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(550000);
    assert.equal(b.ask("BEAT"), "OK BEAT left=600000 state=armed");
    assert.equal(b.out.ledNow(), "off");
    b.run(550000 + 539999);
    assert.equal(b.unsolicited().filter((l) => l.startsWith("!WARN")).length, 1);
  });

  it("warnMs=0 never warns", () => {
    const b = new Bench({ restored: restored({}, { warnMs: 0 }) }).start();
    b.ask("BEAT", 0);
    b.run(600001);
    assert.equal(b.unsolicited().filter((l) => l.startsWith("!WARN")).length, 0);
    assert.equal(b.out.presses().length, 1);
  });
});

describe("watchdog: 5. escalation", () => {
  /** Lets every boot deadline run out until the board gives up; returns the action lines. */
  function neverBack(b: Bench, untilMs: number): string[] {
    b.ask("BEAT", 0);
    b.run(untilMs);
    return b.unsolicited().filter((l) => l.startsWith("!ACT"));
  }

  it("with a power pin: resets, then power cycles, then gives up after maxAttempts", () => {
    const b = new Bench({ hasPower: true }).start();
    const acts = neverBack(b, 10 * 3600000);
    assert.deepEqual(acts, ["!ACT reset n=1", "!ACT reset n=2", "!ACT power n=3", "!ACT power n=4", "!ACT power n=5", "!ACT gave-up n=5"]);
    assert.equal(b.dog.state(), "gave-up");
    assert.equal(b.out.ledNow(), "gave-up");
    assert.equal(b.out.presses().length, 2);
    assert.equal(b.dog.nextWakeMs(), -1);
  });

  it("power cycle: off press powerOffMs, pause powerWaitMs, on press powerOnMs; LED solid only while pressed", () => {
    const b = new Bench({ hasPower: true, restored: restored({}, { resetsBeforePower: 0 }) }).start();
    b.ask("BEAT", 0);
    b.run(600000 + 20000);
    assert.deepEqual(b.out.powerEdges.slice(1), [
      { t: 600000, pressed: true },
      { t: 606000, pressed: false },
      { t: 611000, pressed: true },
      { t: 611500, pressed: false },
    ]);
    const ledEdges = b.out.leds.filter((l) => l.t >= 600000).map((l) => [l.t, l.pattern]);
    assert.deepEqual(ledEdges, [
      [600000, "solid"],
      [606000, "off"],
      [611000, "solid"],
      [611500, "off"],
    ]);
    assert.equal(b.out.presses().length, 0, "reset relay untouched");
  });

  it("without a power pin only resets, maxAttempts of them", () => {
    const b = new Bench().start();
    const acts = neverBack(b, 10 * 3600000);
    assert.deepEqual(acts, ["!ACT reset n=1", "!ACT reset n=2", "!ACT reset n=3", "!ACT reset n=4", "!ACT reset n=5", "!ACT gave-up n=5"]);
    assert.deepEqual(b.out.powerEdges, []);
  });

  it("gave-up is left by a BEAT (back, attempts 0) and by the board button", () => {
    const b = new Bench().start();
    neverBack(b, 10 * 3600000);
    assert.equal(b.ask("ARM"), "ERR busy ARM while gave-up");
    const lines = b.say("BEAT\n");
    assert.match(lines[0], /^!BACK after=\d+$/);
    assert.equal(lines[1], "OK BEAT left=600000 state=armed");
    const c = new Bench().start();
    neverBack(c, 10 * 3600000);
    const saves = c.out.saves.length;
    c.button(false);
    assert.equal(c.dog.state(), "waiting");
    assert.equal(c.status().attempts, "0");
    assert.equal(c.out.saves.length, saves + 1, "cleared counter persisted");
    assert.equal(c.out.ledNow(), "off");
  });

  it("the attempt counter survives a board power loss; the board judges the host's boot as after its own press", () => {
    const b = new Bench({ restored: restored({ attempts: 2 }) }).start();
    assert.ok(b.unsolicited()[0].includes(" attempts=2 "));
    assert.equal(b.status().left, "600000", "bootTimeoutMs=0: timeoutMs");
    b.run(600000);
    assert.deepEqual(b.out.presses(), [600000]);
    assert.ok(b.unsolicited().includes("!ACT reset n=3"));
    const lines = b.say("BEAT\n", 700000);
    assert.deepEqual(lines, ["!BACK after=-1", "OK BEAT left=600000 state=armed"]);
  });

  it("a restart mid-hang judges with bootTimeoutMs when it is set; a plain start (attempts 0) still waits for the first BEAT", () => {
    const b = new Bench({ restored: restored({ attempts: 1 }, { bootTimeoutMs: 90000 }) }).start();
    b.run(90000);
    assert.deepEqual(b.out.presses(), [90000]);
    const c = new Bench({ restored: restored({ attempts: 0 }) }).start();
    c.run(24 * 3600000);
    assert.deepEqual(c.out.presses(), []);
    assert.equal(c.status().state, "waiting");
  });

  it("restored attempts count toward maxAttempts", () => {
    const b = new Bench({ restored: restored({ attempts: 4 }, { bootTimeoutMs: 60000 }) }).start();
    b.run(60000);
    assert.deepEqual(b.unsolicited().filter((l) => l.startsWith("!ACT")), ["!ACT reset n=5"]);
    b.run(60000 + 10000 + 60000);
    assert.equal(b.dog.state(), "gave-up");
  });

  it("every action and the give-up are persisted before the line goes out", () => {
    const b = new Bench().start();
    neverBack(b, 10 * 3600000);
    const kinds = b.out.saves.map((s) => s.log[s.log.length - 1].split(" ")[0]);
    assert.deepEqual(kinds, ["k=boot", "k=reset", "k=reset", "k=reset", "k=reset", "k=reset", "k=gave-up"]);
    assert.deepEqual(b.out.saves.map((s) => s.attempts), [0, 1, 2, 3, 4, 5, 5]);
  });
});

describe("watchdog: 6. maintenance hold", () => {
  it("HOLD suspends judgment, expires on its own into armed with a fresh timeout", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    assert.equal(b.ask("HOLD 3600000", 550000), "OK HOLD hold=3600000 state=holding");
    assert.equal(b.out.ledNow(), "off");
    assert.equal(Bench.fields(b.ask("STATUS", 600000)).hold, "3550000");
    b.run(550000 + 3600000 - 1);
    assert.equal(b.dog.state(), "holding");
    b.run(550000 + 3600000);
    assert.equal(b.dog.state(), "armed");
    assert.ok(b.unsolicited().includes("!HOLD end"));
    b.run(550000 + 3600000 + 600000);
    assert.deepEqual(b.out.presses(), [4750000]);
  });

  it("HOLD 0 ends a hold at once; BEATs during a hold keep the hold", () => {
    const b = new Bench().start();
    b.ask("HOLD 1000000", 0);
    assert.equal(b.ask("BEAT", 10), "OK BEAT left=-1 state=holding");
    assert.equal(b.ask("HOLD 0", 20), "OK HOLD hold=0 state=armed");
    assert.equal(b.status().left, "600000");
  });

  it("HOLD is refused while acting and in gave-up", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(600001);
    assert.equal(b.ask("HOLD 5000"), "ERR busy HOLD while acting");
    const c = gaveUp();
    assert.equal(c.ask("HOLD 5000"), "ERR busy HOLD while gave-up");
  });

  it("a long button press toggles a 1 h hold", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.button(true, 1000);
    assert.equal(b.dog.state(), "holding");
    assert.equal(b.unsolicited().pop(), "!HOLD left=" + BUTTON_HOLD_MS);
    b.button(true, 2000);
    assert.equal(b.dog.state(), "armed");
    assert.equal(b.unsolicited().pop(), "!HOLD end");
  });

  it("holds are not persisted", () => {
    const b = new Bench().start();
    const saves = b.out.saves.length;
    b.ask("HOLD 1000");
    b.run(5000);
    assert.equal(b.out.saves.length, saves);
  });
});

describe("watchdog: 7. persistence triggers", () => {
  it("saves on board start, never on a BEAT", () => {
    const b = new Bench().start();
    assert.equal(b.out.saves.length, 1);
    assert.equal(b.out.saves[0].boots, 1);
    for (let i = 0; i < 50; i++) b.ask("BEAT seq=" + i, i * 1000);
    assert.equal(b.out.saves.length, 1);
  });

  it("counts boots from the restored state and records corrupt records met while loading", () => {
    const b = new Bench({ restored: restored({ boots: 7 }), corrupt: 1 }).start(0);
    assert.equal(b.unsolicited()[0], "!BOOT fw=0.1.0 board=test boots=8 attempts=0 corrupt=1");
    const log = b.out.saves[0].log;
    assert.deepEqual(log, ["k=corrupt b=8 t=0 n=1", "k=boot b=8 t=0"]);
  });

  it("the history keeps the newest 16 events", () => {
    const b = new Bench().start();
    for (let i = 0; i < 20; i++) b.ask("SET pulseMs=" + (100 + i));
    const log = b.out.saves[b.out.saves.length - 1].log;
    assert.equal(log.length, 16);
    assert.equal(b.ask("LOG"), "OK LOG i=0 of=16 k=config b=1 t=0 r=command");
  });
});

describe("watchdog: 9. external inputs (core side)", () => {
  it("force reset presses reset at once, recorded as force, not counted as an attempt", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.force(5000);
    assert.equal(b.dog.state(), "acting");
    b.run(20000);
    assert.deepEqual(b.out.relayEdges.slice(1).map((e) => [e.t, e.pressed]), [[5000, true], [15000, false]]);
    assert.ok(b.unsolicited().includes("!ACT force"));
    assert.equal(b.out.saves[b.out.saves.length - 1].log.pop(), "k=force b=1 t=5000 r=input");
    assert.equal(b.dog.state(), "waiting", "the host was reset, so it gets its boot time");
    assert.equal(b.status().attempts, "0");
  });

  it("force reset while acting is ignored; in gave-up it pulses and stays gave-up", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.run(600001);
    b.force(600002);
    b.run(700000);
    assert.equal(b.out.presses().length, 1);
    const c = gaveUp();
    assert.equal(c.dog.state(), "gave-up");
    c.force(2000);
    c.run(20000);
    assert.equal(c.out.presses().length, 1);
    assert.equal(c.dog.state(), "gave-up");
  });

  it("a short button press shows the status pattern, then the state's pattern again", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.button(false, 550000);
    assert.equal(b.out.ledNow(), "status");
    assert.equal(b.dog.nextWakeMs(), 550000 + STATUS_SHOW_MS);
    b.run(550000 + STATUS_SHOW_MS);
    assert.equal(b.out.ledNow(), "warn-blink");
  });
});

describe("watchdog: 10. console safety (core side)", () => {
  it("CONSOLE with the right code replies OK CONSOLE, then gives the console back", () => {
    const b = new Bench().start();
    assert.equal(b.consoleCalls, 0);
    const hello = Bench.fields(b.ask("HELLO"));
    assert.deepEqual(b.say("console " + hello.console + "\n"), ["OK CONSOLE hold=600000"]);
    assert.equal(b.consoleCalls, 1);
    assert.equal(b.out.lines[b.out.linesAtConsole - 1], "OK CONSOLE hold=600000");
  });

  it("a wrong or missing code is refused and keeps the console away", () => {
    const b = new Bench().start();
    assert.equal(b.ask("CONSOLE 1234"), "ERR code wrong console code");
    assert.equal(b.ask("CONSOLE"), "ERR arg CONSOLE <code>");
    assert.equal(b.consoleCalls, 0);
  });
});

describe("watchdog: start", () => {
  it("drives the relays released and the LED off before anything else", () => {
    const b = new Bench({ hasPower: true }).start();
    assert.deepEqual(b.out.relayEdges, [{ t: 0, pressed: false }]);
    assert.deepEqual(b.out.powerEdges, [{ t: 0, pressed: false }]);
    assert.deepEqual(b.out.leds, [{ t: 0, pattern: "off" }]);
    assert.equal(b.out.lines[0], "!BOOT fw=0.1.0 board=test boots=1 attempts=0 corrupt=0");
  });
});
