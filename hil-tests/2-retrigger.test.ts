// Issue 3, point 2: heartbeats at random intervals below the timeout for 100+ periods → no action.
// Each reply's left= shows the countdown restarted in full.
import assert from "node:assert/strict";
import { assertNear, assertNoAction } from "./support/checks.ts";
import { bootDut, configure, repeats } from "./support/dut.ts";
import { rngFor } from "./support/random.ts";
import { forEachBoard } from "./support/suite.ts";

const PERIODS = 120;

forEachBoard("2 retrigger", (h) => {
  it(`${PERIODS} heartbeats at random intervals below the timeout: no action`, async function () {
    const { rig, s } = h;
    const rng = rngFor(this.test?.fullTitle() ?? "");
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 60000, pulseMs: 1000, warnMs: 10000 });
    // The closest call leaves room for the request's own latency on the target.
    const latestMs = cfg.timeoutMs - Math.max(10 * h.tolerance.timingMs, h.tolerance.replyMs);
    const fromMs = rig.now();
    await s.beat();
    const periods = repeats(rig, PERIODS);
    for (let i = 0; i < periods; i++) {
      // Uniform over the whole range, so some beats land inside the warning window.
      await rig.wait(rng.int(1, latestMs));
      const left = await s.beat();
      assertNear(left, cfg.timeoutMs, h.tolerance.timingMs, `left= after heartbeat ${i + 1}`);
    }
    assertNoAction(rig, fromMs, rig.now(), "while heartbeats came in time");
    assert.ok(s.sent.filter((l) => l.line === "BEAT").length >= periods);
  });
});
