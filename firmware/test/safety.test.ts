// Issue 11 item 2 and issue 12: the press is never late, the console hand-off expires, locked means
// locked, a restart mid-hang judges the host's boot. The core side; the HIL fault matrix
// (hil-tests/10-fault-matrix.test.ts) runs the same rows on the built bundle.
import { strict as assert } from "node:assert";
import { DEFAULT_CONFIG } from "../core/config.ts";
import type { PersistedState } from "../core/types.ts";
import { COMPACT_MARGIN_MS, FACTORY_HOLD_MS, FACTORY_WINDOW_MS, SAVE_IN_PRESS_MIN_MS } from "../core/watchdog.ts";
import { Bench, CONSOLE_CODE } from "./harness.ts";

function restored(cfg: Partial<typeof DEFAULT_CONFIG> = {}, over: Partial<PersistedState> = {}): PersistedState {
  return { cfg: { ...DEFAULT_CONFIG, ...cfg }, attempts: 0, boots: 1, log: [], judge: 0, ...over };
}

describe("safety: the press comes first", () => {
  it("at a deadline the relay closes before any line, history record or flash save", () => {
    const b = new Bench({ hasPower: true, restored: restored({ timeoutMs: 5000, warnMs: 0, resetsBeforePower: 1 }) }).start();
    b.ask("BEAT");
    for (const relay of ["relay", "power"]) {
      b.out.calls = [];
      b.run(b.dog.nextWakeMs());
      assert.equal(b.out.calls[0], relay + " true", JSON.stringify(b.out.calls));
      assert.ok(b.out.calls.indexOf("save") > 0, "saved in the same tick, while the relay is held");
      b.run(b.now + 60000);
    }
  });

  it("TEST relay and the force input press first too", () => {
    const b = new Bench().start();
    const firstOutput = (): string | undefined => b.out.calls.filter((c) => c !== "compact")[0];
    b.out.calls = [];
    b.ask("TEST relay confirm=yes");
    assert.equal(firstOutput(), "relay true");
    b.run(b.now + 20000);
    b.out.calls = [];
    b.force();
    assert.equal(firstOutput(), "relay true");
  });

  it("a TEST pulse shorter than SAVE_IN_PRESS_MIN_MS saves after its release; an action saves while pressed", () => {
    const pulseMs = SAVE_IN_PRESS_MIN_MS - 1;
    const b = new Bench({ restored: restored({ timeoutMs: 5000, warnMs: 0, pulseMs }) }).start();
    b.out.calls = [];
    b.ask("TEST relay confirm=yes");
    assert.equal(b.out.calls.indexOf("save"), -1, "nothing saved while the short TEST pulse is held");
    b.run(b.now + pulseMs);
    let calls = b.out.calls.filter((c) => c !== "compact");
    assert.ok(calls.indexOf("relay false") >= 0 && calls.indexOf("relay false") < calls.indexOf("save"), JSON.stringify(calls));
    b.ask("BEAT");
    const pressAt = b.dog.nextWakeMs();
    b.out.calls = [];
    b.run(pressAt);
    calls = b.out.calls.filter((c) => c !== "compact");
    assert.ok(calls.indexOf("save") > 0 && calls.indexOf("relay false") === -1, `the action's attempt is on flash during its press: ${JSON.stringify(calls)}`);
    assert.equal(b.out.saves[b.out.saves.length - 1].attempts, 1);
  });

  it("a BEAT that ends a hang is answered before its save", () => {
    const b = new Bench({ restored: restored({}, { attempts: 2 }) }).start();
    b.out.calls = [];
    assert.deepEqual(b.say("BEAT\n", 1000), ["!BACK after=-1", "OK BEAT left=600000 state=armed"]);
    const calls = b.out.calls.filter((c) => c !== "compact");
    const reply = calls.findIndex((c) => c.startsWith("send OK BEAT"));
    assert.ok(reply >= 0 && reply < calls.indexOf("save"), JSON.stringify(calls));
    assert.equal(b.out.saves[b.out.saves.length - 1].attempts, 0);
  });

  it("flash is compacted only when nothing is due for COMPACT_MARGIN_MS, never while acting or during a hang", () => {
    const b = new Bench({ restored: restored({ timeoutMs: 5000, warnMs: 0, pulseMs: 200 }) }).start();
    // The start saved with no deadline at all: the next tick (the BEAT's) lets it compact.
    b.ask("BEAT");
    assert.deepEqual(b.out.compacts, [0]);
    b.run(5000 + 200 + 5000 + 100);
    assert.equal(b.out.presses().length, 2);
    assert.deepEqual(b.out.compacts, [0], "a 5 s deadline is always within the margin");
    const c = new Bench().start();
    c.ask("BEAT", 1000);
    c.run(1000 + 600000 + 10000 + 100000);
    assert.equal(c.out.presses().length, 1);
    assert.equal(c.out.compacts.length, 1, "attempts=1: no compaction while the host may be hung");
    c.ask("BEAT");
    c.run(c.now); // the main timer's settle() after the bytes
    assert.equal(c.out.compacts.length, 2, "the host is back (attempts 0, saved): compaction may run");
    assert.ok(COMPACT_MARGIN_MS <= 600000);
  });
});

describe("safety: the console hand-off is a self-expiring hold", () => {
  it("the repro of issue 12: beats after CONSOLE never reach the core, and the board never presses", () => {
    const b = new Bench().start();
    b.ask("SET timeoutMs=5000 warnMs=0 pulseMs=200");
    b.ask("BEAT");
    b.ask("HELLO");
    assert.deepEqual(b.say(`CONSOLE ${CONSOLE_CODE}\n`), ["OK CONSOLE hold=600000"]);
    assert.equal(b.dog.state(), "holding");
    assert.equal(b.status().hold, "600000");
    assert.equal(b.out.saves.at(-1)?.judge, 1, "a restart during the hand-off judges the host's boot");
    b.run(600000 - 1);
    assert.deepEqual(b.out.presses(), []);
    assert.deepEqual(b.out.restarts, []);
    b.run(600000);
    assert.deepEqual(b.out.restarts, [600000]);
    assert.ok(b.out.lines.includes("!HOLD end"));
    assert.match(b.out.saves.at(-1)?.log.at(-1) ?? "", /^k=console b=1 t=600000 r=expired$/);
    assert.deepEqual(b.out.presses(), []);
  });

  it("after the hold's restart the board judges the host's boot; a healthy host's first BEAT arms it", () => {
    const cfg = { timeoutMs: 5000, warnMs: 0, pulseMs: 200 };
    const b = new Bench({ restored: restored(cfg, { judge: 1 }) }).start();
    assert.equal(b.status().left, "5000");
    assert.equal(b.out.saves.at(-1)?.judge, 0, "for one start only");
    b.ask("BEAT", 4000);
    b.run(8000);
    assert.deepEqual(b.out.presses(), []);
    const hung = new Bench({ restored: restored(cfg, { judge: 1 }) }).start();
    hung.run(5000);
    assert.deepEqual(hung.out.presses(), [5000], "a hung host is still caught");
  });

  it("consoleHoldMs sets the hold (1000..3600000); HOLD 0 ends it without a restart", () => {
    const b = new Bench().start();
    assert.equal(b.ask("SET consoleHoldMs=3600001"), "ERR range consoleHoldMs=1000..3600000");
    b.ask("SET consoleHoldMs=2000");
    assert.deepEqual(b.say(`CONSOLE ${CONSOLE_CODE}\n`), ["OK CONSOLE hold=2000"]);
    assert.equal(b.ask("HOLD 0", 1000), "OK HOLD hold=0 state=armed");
    b.run(10000);
    assert.deepEqual(b.out.restarts, []);
  });

  it("is refused while acting", () => {
    const b = new Bench().start();
    b.ask("TEST relay confirm=yes");
    assert.equal(b.ask(`CONSOLE ${CONSOLE_CODE}`), "ERR busy CONSOLE while acting");
  });
});

describe("safety: locked means locked", () => {
  it("CONSOLE is refused (a wrong code still reads ERR code)", () => {
    const b = new Bench({ restored: restored({ locked: 1 }) }).start();
    assert.equal(b.ask(`CONSOLE ${CONSOLE_CODE}`), "ERR locked locked=1: CONSOLE refused");
    assert.equal(b.ask("CONSOLE 0"), "ERR code wrong console code");
    assert.equal(b.consoleCalls, 0);
  });

  it("a HOLD needs a BEAT since the board started and since the last hold began; HOLD 0 always works", () => {
    const b = new Bench({ restored: restored({ locked: 1 }) }).start();
    const refused = "ERR locked locked=1: HOLD needs a BEAT after the last hold";
    assert.equal(b.ask("HOLD 60000"), refused, "none since the start");
    b.ask("BEAT");
    assert.equal(b.ask("HOLD 60000"), "OK HOLD hold=60000 state=holding");
    assert.equal(b.ask("HOLD 86400000", 1000), refused, "no renewal while holding");
    b.ask("BEAT", 2000);
    assert.equal(b.ask("HOLD 60000", 3000), refused, "a BEAT during the hold does not count");
    b.run(61000);
    assert.equal(b.dog.state(), "armed");
    assert.equal(b.ask("HOLD 60000"), refused, "the hold ended, no BEAT since");
    b.ask("BEAT");
    assert.equal(b.ask("HOLD 60000"), "OK HOLD hold=60000 state=holding");
    assert.equal(b.ask("HOLD 0"), "OK HOLD hold=0 state=armed");
    const open = new Bench().start();
    assert.equal(open.ask("HOLD 60000"), "OK HOLD hold=60000 state=holding", "unlocked: no rule");
    assert.equal(open.ask("HOLD 70000"), "OK HOLD hold=70000 state=holding");
  });

  it("the button held FACTORY_HOLD_MS from within FACTORY_WINDOW_MS of the start restores the defaults, unlocking", () => {
    const b = new Bench({ restored: restored({ locked: 1, timeoutMs: 5000, warnMs: 0 }, { attempts: 2 }) }).start();
    b.button(FACTORY_HOLD_MS, FACTORY_WINDOW_MS + FACTORY_HOLD_MS);
    assert.ok(b.out.lines.includes("!FACTORY"));
    assert.equal(b.ask("GET locked"), "OK GET locked=0");
    assert.equal(b.ask("GET timeoutMs"), "OK GET timeoutMs=600000");
    const saved = b.out.saves.at(-1);
    assert.equal(saved?.cfg.locked, 0);
    assert.equal(saved?.attempts, 0);
    assert.match(saved?.log.at(-1) ?? "", /^k=config b=2 t=15000 r=button$/);
    assert.equal(b.status().state, "waiting");
  });

  it("a press that began later, or was shorter, is no factory reset", () => {
    const late = new Bench({ restored: restored({ locked: 1 }) }).start();
    late.button(FACTORY_HOLD_MS, FACTORY_WINDOW_MS + FACTORY_HOLD_MS + 1);
    assert.equal(late.ask("GET locked"), "OK GET locked=1");
    const short = new Bench({ restored: restored({ locked: 1 }) }).start();
    short.button(FACTORY_HOLD_MS - 1, FACTORY_HOLD_MS - 1);
    assert.equal(short.ask("GET locked"), "OK GET locked=1");
    assert.ok(!short.out.lines.includes("!FACTORY"));
  });
});
