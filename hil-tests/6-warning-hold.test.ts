// Issue 3, point 6: the !WARN line and the fast-blinking LED arrive warnMs before acting; HOLD
// suspends judgment and expires on its own (then a full timeoutMs starts); HOLD 0 ends it early.
import assert from "node:assert/strict";
import { LED_STEP_MS } from "../firmware/hw/led-patterns.ts";
import { assertNear, assertNoAction, assertOnTime, contactTiming, linesFrom } from "./support/checks.ts";
import { bootDut, configure } from "./support/dut.ts";
import { edgesOf } from "../chart/measure.ts";
import { field } from "./support/scenario.ts";
import { forEachBoard } from "./support/suite.ts";

forEachBoard("6 warning and hold", (h) => {
  it("!WARN and the blinking LED come warnMs before the relay closes", async () => {
    const { rig, s } = h;
    const tol = h.tolerance.timingMs;
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 600000, pulseMs: 10000, warnMs: 60000 });
    const want = contactTiming(h.tolerance, cfg.timeoutMs, cfg.pulseMs);
    s.expected = { timeoutMs: want.closeMs, pulseMs: want.widthMs, toleranceMs: tol };
    await s.beat();
    const beatMs = s.lastSentMs();
    s.due(beatMs + want.closeMs, "BEAT");
    await rig.wait(cfg.timeoutMs + cfg.pulseMs + 10 * tol);
    const warnAtMs = beatMs + cfg.timeoutMs - cfg.warnMs;
    const warns = linesFrom(rig, "!WARN", beatMs);
    assert.equal(warns.length, 1, "exactly one !WARN line");
    // The line is stamped when its last byte arrived: allow its transmission time.
    assertNear(warns[0].t, warnAtMs, s.toleranceWith(warns[0].line), "!WARN arrival");
    assertNear(field(warns[0].line, "left"), cfg.warnMs, tol, "!WARN left=");
    const [pulse] = s.pulsesSince(beatMs);
    assert.ok(pulse, "the relay closed after the warning");
    assertNear(pulse.closeMs - warns[0].t, cfg.warnMs + h.tolerance.relayOperateMs, s.toleranceWith(warns[0].line), "!WARN → relay contact closed");
    const led = edgesOf(rig.edges(), "led", beatMs, pulse.closeMs - tol);
    // One edge per blink step from the warning's start; a bench's scaled warning (300 ms) has room
    // for three before the close (less the tolerance), a long one for more than the four asked.
    const wantEdges = Math.min(4, Math.floor((cfg.warnMs - tol) / LED_STEP_MS) + 1);
    assert.ok(led.length >= wantEdges, `LED should blink during the warning: ${wantEdges} edges expected in ${cfg.warnMs} ms, saw ${led.length}`);
    assertNear(led[0].t, warnAtMs, tol, "first LED edge of the warning");
  });

  it("HOLD suspends judgment and expires on its own; then a full timeout runs", async () => {
    const { rig, s } = h;
    const tol = h.tolerance.timingMs;
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 60000, pulseMs: 1000, warnMs: 0 });
    s.expected = { pulseMs: contactTiming(h.tolerance, 0, cfg.pulseMs).widthMs, toleranceMs: tol };
    await s.beat();
    const holdMs = 3 * cfg.timeoutMs;
    const holdReply = await s.ok(`HOLD ${holdMs}`);
    assert.equal(field(holdReply, "hold"), holdMs);
    const holdFromMs = s.lastSentMs();
    const close = s.due(contactTiming(h.tolerance, holdFromMs + holdMs + cfg.timeoutMs, 0).closeMs, `HOLD ${holdMs}`);
    await rig.wait(holdMs - 10 * tol);
    assert.match(await s.ok("STATUS"), /state=holding/);
    assertNoAction(rig, holdFromMs, rig.now(), "during HOLD");
    await rig.wait(cfg.timeoutMs + cfg.pulseMs + 20 * tol);
    const ends = linesFrom(rig, "!HOLD end", holdFromMs);
    assert.equal(ends.length, 1, "one !HOLD end line");
    assertNear(ends[0].t, holdFromMs + holdMs, s.toleranceWith(ends[0].line), "!HOLD end");
    const pulses = s.pulsesSince(holdFromMs);
    assert.equal(pulses.length, 1, "one reset after the hold expired without heartbeats");
    assertOnTime(pulses[0].closeMs, close, "relay close: hold end + timeoutMs");
  });

  it("HOLD 0 ends the hold at once and restarts the countdown", async () => {
    const { rig, s } = h;
    const tol = h.tolerance.timingMs;
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 60000, pulseMs: 1000, warnMs: 0 });
    await s.beat();
    await s.ok(`HOLD ${10 * cfg.timeoutMs}`);
    await rig.wait(2 * cfg.timeoutMs);
    await s.ok("HOLD 0");
    const endMs = s.lastSentMs();
    const close = s.due(contactTiming(h.tolerance, endMs + cfg.timeoutMs, 0).closeMs, "HOLD 0");
    const status = await s.ok("STATUS");
    assert.match(status, /state=armed/);
    await rig.wait(cfg.timeoutMs + cfg.pulseMs + 20 * tol);
    const pulses = s.pulsesSince(endMs);
    assert.equal(pulses.length, 1);
    assertOnTime(pulses[0].closeMs, close, "relay close: HOLD 0 + timeoutMs");
  });
});
