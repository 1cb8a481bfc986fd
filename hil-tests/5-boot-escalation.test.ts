// Issue 3, point 5: after a reset the host gets its boot time (bootTimeoutMs, not the run timeout);
// escalation to power-cycling and giving up happen exactly as configured; the attempt counter
// survives a power cut of the DUT.
import assert from "node:assert/strict";
import type { Config } from "../firmware/core/types.ts";
import { assertNear, assertNoAction, assertOnTime, contactTiming, linesFrom } from "./support/checks.ts";
import { bootDut, configure } from "./support/dut.ts";
import { needs } from "./support/needs.ts";
import { field, textField } from "./support/scenario.ts";
import { forEachBoard, type Harness } from "./support/suite.ts";

const ESCALATION = {
  timeoutMs: 60000,
  pulseMs: 1000,
  bootTimeoutMs: 120000,
  warnMs: 0,
  resetsBeforePower: 2,
  maxAttempts: 4,
  powerOffMs: 6000,
  powerWaitMs: 5000,
  powerOnMs: 500,
};

interface Press {
  signal: "relay" | "powerRelay";
  /** When the DUT presses, relative to the last BEAT (pin time). */
  atMs: number;
  widthMs: number;
}

/** The presses the configuration promises after the last BEAT, and when the board gives up. */
function expectedPresses(cfg: Config, hasPower: boolean): { presses: Press[]; gaveUpAtMs: number } {
  const presses: Press[] = [];
  let t = cfg.timeoutMs;
  const bootMs = cfg.bootTimeoutMs > 0 ? cfg.bootTimeoutMs : cfg.timeoutMs;
  for (let attempt = 1; attempt <= cfg.maxAttempts; attempt++) {
    if (hasPower && attempt > cfg.resetsBeforePower) {
      presses.push({ signal: "powerRelay", atMs: t, widthMs: cfg.powerOffMs });
      t += cfg.powerOffMs + cfg.powerWaitMs;
      presses.push({ signal: "powerRelay", atMs: t, widthMs: cfg.powerOnMs });
      t += cfg.powerOnMs;
    } else {
      presses.push({ signal: "relay", atMs: t, widthMs: cfg.pulseMs });
      t += cfg.pulseMs;
    }
    t += bootMs;
  }
  return { presses, gaveUpAtMs: t };
}

/** Boots the DUT with the escalation config and sends the one BEAT everything is measured from. */
async function armWithEscalation(h: Harness): Promise<{ cfg: Config; beatMs: number }> {
  const boot = await bootDut(h.rig);
  // A bench DUT keeps its flash between tests: an attempt count left by an earlier test would make
  // the BEAT below answer "!BACK after=-1". One BEAT first clears it, as a returning host does.
  // `boot` is the !BOOT line, or on a native-USB DUT the STATUS reply: both carry attempts=.
  if (Number(textField(boot, "attempts") ?? 0) > 0) await h.s.beat();
  const cfg = await configure(h.s, ESCALATION);
  await h.s.beat();
  return { cfg, beatMs: h.s.lastSentMs() };
}

/**
 * Each step of the sequence is timed from the one before (as on a board), so in real time a timer's
 * own lateness (~1 ms on the Linux interpreter) adds up over a dozen steps: CI saw press 6 10.3 ms and
 * the give-up 13.6 ms after a cumulative expectation. Virtual time has none.
 */
const STEP_LATENESS_MS = 1.5;

forEachBoard("5 boot phase and escalation", (h) => {
  it("escalates reset → power cycle → gives up, exactly as configured", async () => {
    const { rig, s } = h;
    const tol = h.tolerance.timingMs;
    const { cfg, beatMs } = await armWithEscalation(h);
    const hasPower = h.board.power !== undefined;
    const { presses, gaveUpAtMs } = expectedPresses(cfg, hasPower);
    s.deadlines.push(...presses.map((p) => ({ t: contactTiming(h.tolerance, beatMs + p.atMs, p.widthMs).closeMs, slackMs: tol })));
    await rig.wait(gaveUpAtMs + 3 * cfg.bootTimeoutMs);
    const measured = [...s.pulsesSince(beatMs, "relay"), ...s.pulsesSince(beatMs, "powerRelay")].sort((a, b) => a.closeMs - b.closeMs);
    assert.deepEqual(measured.map((p) => p.signal), presses.map((p) => p.signal), "the sequence of presses");
    // Two timed steps per press (its release, then the wait that leads to the next press).
    const drift = (steps: number): number => (rig.caps.virtualTime ? 0 : steps * STEP_LATENESS_MS);
    presses.forEach((want, i) => {
      const contact = contactTiming(h.tolerance, beatMs + want.atMs, want.widthMs);
      assertNear(measured[i].closeMs, contact.closeMs, tol + drift(2 * i), `press ${i + 1} (${want.signal}) closes`);
      assertNear(measured[i].widthMs, contact.widthMs, tol, `press ${i + 1} (${want.signal}) width`);
    });
    const acts = linesFrom(rig, "!ACT", beatMs).map((l) => l.line);
    // One !ACT per attempt: a reset press, or a power cycle's pair of presses (off, then on; their
    // widths may be equal once a real-time target scales them, so they are counted, not told apart).
    const attempts = presses.filter((p) => p.signal === "relay").length + presses.filter((p) => p.signal === "powerRelay").length / 2;
    assert.equal(acts.length, attempts + 1, `one !ACT per attempt plus gave-up: ${acts.join(" | ")}`);
    assert.equal(acts[acts.length - 1], `!ACT gave-up n=${cfg.maxAttempts}`);
    const gaveUp = linesFrom(rig, "!ACT gave-up", beatMs)[0];
    assertNear(gaveUp.t, beatMs + gaveUpAtMs, tol + 2 + drift(2 * presses.length), "gave up at");
    assert.match(await s.ok("STATUS"), /state=gave-up/);
    assertNoAction(rig, gaveUp.t + 0.001, rig.now(), "after giving up");
  });

  it("after a reset the host gets bootTimeoutMs (longer than the run timeout) for its first BEAT", async () => {
    const { rig, s } = h;
    const tol = h.tolerance.timingMs;
    const { cfg, beatMs } = await armWithEscalation(h);
    // The host reboots slowly: its first BEAT comes later than timeoutMs after the reset ended.
    const resetEndMs = beatMs + cfg.timeoutMs + cfg.pulseMs;
    await rig.wait(resetEndMs + cfg.bootTimeoutMs - Math.max(20 * tol, h.tolerance.replyMs) - rig.now());
    assert.ok(rig.now() - resetEndMs > cfg.timeoutMs, "the test must wait past the run timeout");
    assert.match(await s.ok("BEAT"), /state=armed/);
    const backMs = s.lastSentMs();
    assert.equal(linesFrom(rig, "!BACK", beatMs).length, 1, "the board reports the host is back");
    assert.equal(s.pulsesSince(beatMs).length, 1, "only the first reset");
    assert.equal(field(await s.ok("STATUS"), "attempts"), 0);
    // Back in the run phase: the normal timeout applies again.
    const close = s.due(backMs + cfg.timeoutMs + h.tolerance.relayOperateMs, "BEAT");
    await rig.wait(cfg.timeoutMs + cfg.pulseMs + 10 * tol);
    const pulses = s.pulsesSince(backMs);
    assert.equal(pulses.length, 1);
    assertOnTime(pulses[0].closeMs, close, "run timeout after the host came back");
  });

  it("the attempt counter survives a power cut of the DUT", async function () {
    needs(this, h.rig, "powerSwitch");
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, ESCALATION);
    await s.beat();
    await rig.wait(cfg.timeoutMs + cfg.pulseMs + cfg.bootTimeoutMs / 2);
    assert.equal(field(await s.ok("STATUS"), "attempts"), 1);
    await rig.powerDut(false);
    await rig.wait(2000);
    const onMs = rig.now();
    const boot = await bootDut(rig);
    assert.equal(field(boot, "attempts"), 1, `!BOOT after the power cut: ${boot}`);
    assert.equal(field(await s.ok("STATUS"), "attempts"), 1);
    // With bootTimeoutMs set, the board acts again after it, and counts on from 1.
    await rig.wait(cfg.bootTimeoutMs + cfg.pulseMs + 5000);
    const acts = linesFrom(rig, "!ACT", onMs);
    assert.ok(acts.length >= 1, "the board acted after bootTimeoutMs");
    assert.equal(field(acts[0].line, "n"), 2, `first action after the power cut: ${acts[0].line}`);
    assert.ok(acts[0].t - onMs >= cfg.bootTimeoutMs, "not before bootTimeoutMs after power-on");
  });
});
