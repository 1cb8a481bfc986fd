// Issue 12's fault matrix, on every target: an abandoned console hand-off, a power loss in the middle
// of a flash save and of a Storage compaction, and a board restart during a hang. Every row expects the
// same two things: no action against a healthy host (one that keeps beating), and every real hang
// still caught. Durations are configured (short), never assumed, so the rows also run in real time.
import assert from "node:assert/strict";
import type { Config } from "../firmware/core/types.ts";
import type { Rig } from "../rig/types.ts";
import { assertNoAction, linesFrom } from "./support/checks.ts";
import { BOOT_LIMIT_MS, bootDut, configure, powerCycle, waitFor } from "./support/dut.ts";
import { needs, simOnly } from "./support/needs.ts";
import { field, textField, type Scenario } from "./support/scenario.ts";
import { dutHandles } from "./support/dut-handles.ts";
import { simExtras } from "./support/sim-extras.ts";
import { forEachBoard } from "./support/suite.ts";

/** Short settings: a 3 s timeout, a 200 ms pulse, resets only (no power relay), a 6 s console hold. */
const SHORT: Partial<Config> = { timeoutMs: 3000, warnMs: 0, pulseMs: 200, bootTimeoutMs: 0, resetsBeforePower: 20, maxAttempts: 10, consoleHoldMs: 6000, locked: 0 };
/** A healthy host's agent beats this often (well inside the timeout). */
const BEAT_EVERY_MS = 1000;

/** Writes a BEAT every BEAT_EVERY_MS for `forMs` without waiting for replies (the REPL may have the port). */
async function beatBlindly(rig: Rig, s: Scenario, forMs: number): Promise<void> {
  const endMs = rig.now() + forMs;
  while (rig.now() < endMs) {
    await s.write("BEAT\n");
    await rig.wait(Math.min(BEAT_EVERY_MS, Math.max(1, endMs - rig.now())));
  }
}

/** A healthy host: a BEAT every BEAT_EVERY_MS for `forMs`, each answered. */
async function beatFor(rig: Rig, s: Scenario, forMs: number): Promise<void> {
  const endMs = rig.now() + forMs;
  while (rig.now() < endMs) {
    await s.beat();
    await rig.wait(Math.min(BEAT_EVERY_MS, Math.max(1, endMs - rig.now())));
  }
}

/** The first reset-relay closure after `fromMs`, or undefined. */
function firstPressAfter(rig: Rig, fromMs: number): number | undefined {
  return rig.edges().find((e) => e.signal === "relay" && e.level === 1 && e.t > fromMs)?.t;
}

/** The host hangs now (no more BEATs): the board must press within `withinMs` (plus the tolerances). */
async function assertHangCaught(rig: Rig, withinMs: number, why: string): Promise<number> {
  const hungAtMs = rig.now();
  const limitMs = withinMs + rig.tolerance.timingMs + 100;
  const caught = await waitFor(rig, () => firstPressAfter(rig, hungAtMs) !== undefined, limitMs);
  assert.ok(caught, `${why}: no press within ${limitMs} ms of the host going silent`);
  return firstPressAfter(rig, hungAtMs) ?? -1;
}

forEachBoard("10 fault matrix", (h) => {
  it("abandoned hand-off, host beating (issue 12's repro): no action; the board restarts itself and hears the host again", async () => {
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, SHORT);
    await s.beat();
    const code = textField(await s.ok("HELLO"), "console") ?? "";
    assert.equal(await s.request(`CONSOLE ${code}`), `OK CONSOLE hold=${cfg.consoleHoldMs}`);
    const consoleMs = rig.now();
    // The beats go to the REPL until the hold runs out and the board restarts into the firmware.
    await beatBlindly(rig, s, cfg.consoleHoldMs + BOOT_LIMIT_MS);
    const restarts = linesFrom(rig, "!BOOT", consoleMs);
    assert.equal(restarts.length, 1, "one restart when the hold ran out");
    assert.ok(restarts[0].t >= consoleMs + cfg.consoleHoldMs, `restart at +${restarts[0].t - consoleMs} ms, before the hold ran out`);
    await beatFor(rig, s, 3 * cfg.timeoutMs);
    assertNoAction(rig, consoleMs, rig.now(), "abandoned hand-off of a healthy host");
    assert.match(await s.ok("STATUS"), /state=armed/);
    const pressMs = await assertHangCaught(rig, cfg.timeoutMs, "after the hand-off");
    assert.ok(pressMs - s.sent.filter((l) => l.line === "BEAT").at(-1)!.t >= cfg.timeoutMs - rig.tolerance.timingMs, "pressed before the timeout");
  });

  it("abandoned hand-off, host hung: no action during the hold, then the hang is caught", async () => {
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, SHORT);
    await s.beat();
    const code = textField(await s.ok("HELLO"), "console") ?? "";
    await s.request(`CONSOLE ${code}`);
    const consoleMs = rig.now();
    await rig.wait(cfg.consoleHoldMs - 100);
    assertNoAction(rig, consoleMs, rig.now(), "during the hold");
    // After the hold: the restart (up to BOOT_LIMIT_MS), then the judged boot (timeoutMs, bootTimeoutMs=0).
    const pressMs = await assertHangCaught(rig, 100 + BOOT_LIMIT_MS + cfg.timeoutMs, "hung host after an abandoned hand-off");
    const bootMs = linesFrom(rig, "!BOOT", consoleMs)[0]?.t ?? -1;
    // bootMs is when the host received !BOOT, a few ms after the board's start.
    assert.ok(bootMs > 0 && pressMs >= bootMs + cfg.timeoutMs - rig.tolerance.timingMs - 100, `pressed ${pressMs - bootMs} ms after the restart, expected the judged boot's ${cfg.timeoutMs} ms`);
  });

  it("power loss in the middle of a config save, host beating: no action", async function () {
    needs(this, h.rig, "exactPowerCut");
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, SHORT);
    await s.beat();
    dutHandles(rig).cutPowerDuringNextFlashWrite();
    const cutMs = rig.now();
    await s.write("SET pulseMs=300\n");
    await rig.wait(500);
    await bootDut(rig);
    await beatFor(rig, s, 3 * cfg.timeoutMs);
    assertNoAction(rig, cutMs, rig.now(), "power loss mid-save of a healthy host");
    // The old pulse (as the target scaled it) or the new one, never a torn record.
    assert.match(await s.ok("GET pulseMs"), new RegExp(`pulseMs=(${cfg.pulseMs}|300)$`), "the old or the new config, never a torn one");
    await assertHangCaught(rig, cfg.timeoutMs, "after the torn save");
  });

  it("power loss in the middle of an action's save during a hang: the restarted board judges the host's boot and presses again", async function () {
    needs(this, h.rig, "exactPowerCut");
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, SHORT);
    await s.beat();
    await waitFor(rig, () => linesFrom(rig, "!ACT reset n=1").length === 1, cfg.timeoutMs + 500);
    // Attempt 1 is on flash; the save of attempt 2 (right after its press) is cut.
    dutHandles(rig).cutPowerDuringNextFlashWrite();
    await waitFor(rig, () => linesFrom(rig, "!ACT reset n=2").length === 1 || !linesFrom(rig, "!BOOT").length, cfg.pulseMs + cfg.timeoutMs + 500);
    await rig.wait(500);
    const boot = await bootDut(rig);
    assert.match(boot, /attempts=1 /, "the torn save left attempt 1 in force");
    const bootMs = rig.now();
    const pressMs = await assertHangCaught(rig, cfg.timeoutMs, "restart after a torn action save");
    assert.ok(pressMs >= bootMs + cfg.timeoutMs - rig.tolerance.timingMs - 100, "judged with timeoutMs, not earlier");
  });

  it("power loss in the middle of a Storage compaction (both slots lost), host beating: no action, and a later hang is caught", async function () {
    needs(this, h.rig, "exactPowerCut");
    simOnly(this, h.rig, "handle on the flash's compactions");
    const { rig, s } = h;
    const sim = simExtras(rig);
    await bootDut(rig);
    // A compaction runs only when nothing is due for 10 s: a 20 s timeout leaves room after a BEAT.
    const cfg = await configure(s, { ...SHORT, timeoutMs: 20000 });
    await s.beat();
    sim.wasteFlash(4000);
    sim.cutPowerDuringNextCompaction(["banken.a", "banken.b"]);
    const compactions = sim.flashCompactions();
    const cutMs = rig.now();
    await s.write("SET pulseMs=300\n");
    await rig.wait(500);
    assert.equal(sim.flashCompactions(), compactions + 1, "the save was followed by a compaction");
    await bootDut(rig);
    await beatFor(rig, s, 3 * cfg.timeoutMs);
    assertNoAction(rig, cutMs, rig.now(), "power loss mid-compaction of a healthy host");
    // Both slots gone: the board runs on the defaults, and judges the host with them.
    const timeoutMs = field(await s.ok("STATUS"), "timeout");
    await assertHangCaught(rig, timeoutMs, "after the lost slots");
  });

  it("no compaction while an action is due soon or the host is in a hang", async function () {
    needs(this, h.rig, "exactPowerCut");
    simOnly(this, h.rig, "handle on the flash's compactions");
    const { rig, s } = h;
    const sim = simExtras(rig);
    await bootDut(rig);
    const cfg = await configure(s, { ...SHORT, timeoutMs: 20000 });
    await s.beat();
    sim.wasteFlash(4000);
    const compactions = sim.flashCompactions();
    // The hang: actions at 20 s, then every 20.2 s; each saves, none may compact.
    await rig.wait(3 * (cfg.timeoutMs + cfg.pulseMs) + 1000);
    assert.equal(linesFrom(rig, "!ACT reset").length, 3);
    assert.equal(sim.flashCompactions(), compactions, "compacted during the hang");
    await s.beat();
    await rig.wait(100);
    assert.equal(sim.flashCompactions(), compactions + 1, "the host is back: the journal is compacted");
  });

  it("board restart during a hang (attempts > 0): the boot is judged and the hang caught; a healthy host sees no action", async function () {
    needs(this, h.rig, "powerSwitch");
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, SHORT);
    await s.beat();
    await waitFor(rig, () => linesFrom(rig, "!ACT reset n=1").length === 1, cfg.timeoutMs + 500);
    await rig.wait(cfg.pulseMs + cfg.timeoutMs / 2);
    const boot = await powerCycle(rig, 300);
    assert.match(boot, /attempts=1 /);
    const bootMs = rig.now();
    const pressMs = await assertHangCaught(rig, cfg.timeoutMs, "restart mid-hang");
    assert.ok(pressMs >= bootMs + cfg.timeoutMs - rig.tolerance.timingMs - 100, "judged with timeoutMs");
    // In real time the !ACT line follows the press by a few ms (the press comes first).
    await waitFor(rig, () => linesFrom(rig, "!ACT reset n=2").length > 0, 500);
    assert.equal(linesFrom(rig, "!ACT reset n=2").length, 1);
    // The host comes back, then the board restarts while it beats: no action.
    await rig.wait(cfg.pulseMs + 100);
    await beatFor(rig, s, cfg.timeoutMs);
    const againMs = rig.now();
    await powerCycle(rig, 300);
    await beatFor(rig, s, 3 * cfg.timeoutMs);
    assertNoAction(rig, againMs, rig.now(), "restart of a healthy host's board");
  });
});
