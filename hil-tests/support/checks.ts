// Assertions shared by the HIL tests, phrased so a failure message says what was measured.
import assert from "node:assert/strict";
import type { Rig } from "../../rig/types.ts";
import type { Deadline } from "../../chart/deadline.ts";
import { edgesOf, levelAt, type Pulse } from "../../chart/measure.ts";

export { lineMs } from "../../rig/line-time.ts";

export function assertNear(measuredMs: number, expectedMs: number, toleranceMs: number, what: string): void {
  const off = measuredMs - expectedMs;
  assert.ok(Math.abs(off) <= toleranceMs, `${what}: measured ${round(measuredMs)} ms, expected ${round(expectedMs)} ± ${round(toleranceMs)} ms (off by ${round(off)} ms)`);
}

/** No relay (reset or power) closure and no "!ACT" line in [fromMs, toMs]. */
export function assertNoAction(rig: Rig, fromMs: number, toMs: number, why: string): void {
  const closures = rig.edges().filter((e) => (e.signal === "relay" || e.signal === "powerRelay") && e.level === 1 && e.t >= fromMs && e.t <= toMs);
  assert.equal(closures.length, 0, `${why}: ${closures.length} relay closure(s), first ${closures[0]?.signal} at t=${round(closures[0]?.t ?? 0)} ms`);
  const acts = rig.lines().filter((l) => l.line.startsWith("!ACT") && l.t >= fromMs && l.t <= toMs);
  assert.equal(acts.length, 0, `${why}: the DUT reported "${acts[0]?.line}" at t=${round(acts[0]?.t ?? 0)} ms`);
}

/** A relay closed when it was due (Scenario.due): within the allowance the chart draws. */
export function assertOnTime(closedMs: number, due: Deadline, what: string): void {
  assertNear(closedMs, due.t, due.slackMs, what);
}

/** The relay module's contact delays: what the observer sees lags the DUT's pin by these. */
export interface ContactDelays {
  relayOperateMs: number;
  relayReleaseMs: number;
}

/** Expected contact figures for a pin-level action at `pinMs` lasting `pinWidthMs`. */
export function contactTiming(d: ContactDelays, pinMs: number, pinWidthMs: number): { closeMs: number; widthMs: number } {
  return { closeMs: pinMs + d.relayOperateMs, widthMs: pinWidthMs - d.relayOperateMs + d.relayReleaseMs };
}

/** The LED (driven with the relay pin) is lit exactly while the relay is pressed: edges within the tolerance. */
export function assertLedFollows(rig: Rig, pulse: Pulse, d: ContactDelays, toleranceMs: number): void {
  const edges = rig.edges();
  const onMs = pulse.closeMs - d.relayOperateMs;
  const offMs = pulse.openMs - d.relayReleaseMs;
  assert.equal(levelAt(edges, "led", onMs + toleranceMs), 1, `LED not lit ${toleranceMs} ms after the relay was pressed`);
  assert.equal(levelAt(edges, "led", offMs + toleranceMs), 0, `LED still lit ${toleranceMs} ms after the relay was released`);
  const inside = edgesOf(edges, "led", onMs + toleranceMs, offMs - toleranceMs);
  assert.equal(inside.length, 0, `LED changed ${inside.length} time(s) while the relay was pressed (should be solid)`);
}

/** Lines the DUT sent in [fromMs, toMs] starting with `prefix`. */
export function linesFrom(rig: Rig, prefix: string, fromMs = -Infinity, toMs = Infinity): Array<{ t: number; line: string }> {
  return rig.lines().filter((l) => l.line.startsWith(prefix) && l.t >= fromMs && l.t <= toMs);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
