// Issue 3, point 1: after the last heartbeat the relay closes at timeoutMs and opens pulseMs later,
// within the target's tolerance, for several timeout/pulse settings. The LED is lit exactly while
// the relay is pressed. Expected contact times include the relay module's operate/release delays
// from hil-tests/targets/<target>.json.
import assert from "node:assert/strict";
import { assertLedFollows, assertNear, assertOnTime, contactTiming } from "./support/checks.ts";
import { bootDut, configure } from "./support/dut.ts";
import { forEachBoard } from "./support/suite.ts";

const SETTINGS = [
  { timeoutMs: 600000, pulseMs: 10000 },
  { timeoutMs: 60000, pulseMs: 500, warnMs: 10000 },
  { timeoutMs: 5000, pulseMs: 200, warnMs: 0 },
  { timeoutMs: 1000, pulseMs: 50, warnMs: 0 },
  { timeoutMs: 86400000, pulseMs: 60000, warnMs: 3600000 },
  // Not multiples of the firmware's 1 s kick tick: a deadline that only the tick catches shows here.
  { timeoutMs: 12345, pulseMs: 678, warnMs: 0 },
  { timeoutMs: 1001, pulseMs: 51, warnMs: 0 },
];

forEachBoard("1 reset timing", (h) => {
  for (const wanted of SETTINGS) {
    it(`timeoutMs=${wanted.timeoutMs} pulseMs=${wanted.pulseMs}`, async () => {
      const { rig, s } = h;
      const tol = h.tolerance.timingMs;
      await bootDut(rig);
      const cfg = await configure(s, wanted);
      // The observer sees the contact, which lags the pin by the module's operate/release times.
      const want = contactTiming(h.tolerance, cfg.timeoutMs, cfg.pulseMs);
      s.expected = { timeoutMs: want.closeMs, pulseMs: want.widthMs, toleranceMs: tol };
      await s.beat();
      await rig.wait(Math.floor(cfg.timeoutMs / 3));
      await s.beat();
      const lastBeatMs = s.lastSentMs();
      // The countdown starts when the BEAT's newline arrives: the allowance includes its transmission.
      const close = s.due(lastBeatMs + want.closeMs, "BEAT");
      await rig.wait(cfg.timeoutMs + cfg.pulseMs + 10 * tol);
      const pulses = s.pulsesSince(s.startMs);
      assert.equal(pulses.length, 1, `expected exactly one relay pulse, saw ${pulses.length} (closing at ${pulses.map((p) => p.closeMs).join(", ")} ms)`);
      const p = pulses[0];
      assert.equal(p.lastBeatMs, lastBeatMs);
      assertOnTime(p.closeMs, close, "last BEAT → relay contact closed");
      assertNear(p.widthMs, want.widthMs, tol, "relay contact closed for");
      assertLedFollows(rig, p, h.tolerance, tol);
    });
  }
});
