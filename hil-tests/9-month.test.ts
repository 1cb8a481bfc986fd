// Issue 3, point 9: a month of operation on the virtual clock — heartbeats with random jitter,
// maintenance holds, short stalls and real hangs. Every hang is caught within timeoutMs (+ the relay's
// operate time) plus the tolerance; nothing else ever acts. Prints how long the month took.
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { assertNear, contactTiming } from "./support/checks.ts";
import { bootDut, configure } from "./support/dut.ts";
import { needs } from "./support/needs.ts";
import { rngFor } from "./support/random.ts";
import { forEachBoard } from "./support/suite.ts";

const MONTH_MS = 30 * 86400000;

forEachBoard("9 a simulated month", (h) => {
  it("jitter, holds, stalls and hangs: every hang caught on time, no false action", async function () {
    needs(this, h.rig, "virtualTime");
    const { rig, s } = h;
    const tol = h.tolerance.timingMs;
    const rng = rngFor(this.test?.fullTitle() ?? "");
    const wallStartMs = performance.now();
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 600000, pulseMs: 10000, warnMs: 60000 });
    const want = contactTiming(h.tolerance, cfg.timeoutMs, cfg.pulseMs);
    s.expected = { timeoutMs: want.closeMs, pulseMs: want.widthMs, toleranceMs: tol };
    const startMs = rig.now();
    const counts = { beats: 0, holds: 0, stalls: 0, hangs: 0, hangsInHold: 0 };
    /** Close times (rig ms) the hangs must produce, in order. */
    const expectedCloses: number[] = [];
    /** When the last HOLD expires (rig ms). */
    let holdEndMs = -Infinity;
    await s.beat();
    while (rig.now() - startMs < MONTH_MS) {
      const roll = rng.next();
      if (roll < 0.002) {
        // A hang: the host stops; the board must reset it timeoutMs after the last BEAT.
        counts.hangs++;
        // Heartbeats during a HOLD do not end it: then judgment starts when the hold ends.
        const lastBeatMs = s.lastSentMs();
        const judgedFromMs = Math.max(lastBeatMs, holdEndMs);
        expectedCloses.push(judgedFromMs + want.closeMs);
        // The host reboots after the pulse (30 s to 5 min) and beats again within the boot window.
        await rig.wait(judgedFromMs + cfg.timeoutMs + cfg.pulseMs + rng.int(30000, 300000) - rig.now());
      } else if (roll < 0.003) {
        // A planned maintenance: HOLD, silence, then beats again before or after the hold ends
        // (a hang may then start while the hold still runs).
        counts.holds++;
        const holdMs = rng.int(600000, 7200000);
        await s.ok(`HOLD ${holdMs}`);
        holdEndMs = s.lastSentMs() + holdMs;
        if (counts.hangsInHold === 0 || rng.next() < 0.3) {
          // The host hangs during the maintenance: judgment restarts with a full timeoutMs when
          // the hold ends. Rare by chance, so the first hold always ends this way and later ones often.
          counts.hangs++;
          counts.hangsInHold++;
          expectedCloses.push(holdEndMs + want.closeMs);
          await rig.wait(holdEndMs + cfg.timeoutMs + cfg.pulseMs + rng.int(30000, 300000) - rig.now());
        } else {
          await rig.wait(holdMs + rng.int(-Math.floor(holdMs / 2), cfg.timeoutMs / 2));
        }
      } else if (roll < 0.01) {
        // A stall shorter than the timeout (a busy host): no action allowed.
        counts.stalls++;
        await rig.wait(rng.int(cfg.timeoutMs - 120000, cfg.timeoutMs - 20000));
      } else {
        // Normal beats: cron every 1–4 minutes, with jitter.
        await rig.wait(rng.int(60000, 240000));
      }
      await s.beat();
      counts.beats++;
    }
    const elapsedWallMs = Math.round(performance.now() - wallStartMs);
    const summary = `${counts.beats} beats, ${counts.holds} holds, ${counts.stalls} stalls, ${counts.hangs} hangs (${counts.hangsInHold} during a hold)`;
    s.settings += ` · ${summary} · ${elapsedWallMs} ms wall`;
    console.log(`      [${h.board.id}] one simulated month (${summary}) took ${elapsedWallMs} ms of wall time`);
    const pulses = s.pulsesSince(startMs);
    assert.ok(counts.hangs > 0 && counts.hangsInHold > 0 && counts.holds > 0 && counts.stalls > 0, `the month should contain every kind of event: ${JSON.stringify(counts)}`);
    // Pair every expected close with a measured one; on a mismatch, zoom the chart onto the first.
    // The board starts counting when a request's newline arrives: allow the longest line's transmission.
    const slackMs = s.toleranceWith("HOLD 7200000");
    for (const t of expectedCloses) s.due(t, "HOLD 7200000");
    const missed = expectedCloses.filter((t) => !pulses.some((p) => Math.abs(p.closeMs - t) <= slackMs));
    const extra = pulses.filter((p) => !expectedCloses.some((t) => Math.abs(p.closeMs - t) <= slackMs));
    const firstProblemMs = Math.min(missed[0] ?? Infinity, extra[0]?.closeMs ?? Infinity);
    if (Number.isFinite(firstProblemMs)) s.window = [firstProblemMs - 2 * cfg.timeoutMs, firstProblemMs + cfg.timeoutMs];
    const at = (t: number): string => `day ${((t - startMs) / 86400000).toFixed(3)} (t=${Math.round(t)} ms)`;
    assert.deepEqual(missed.map(at), [], `${missed.length} hang(s) not reset at the expected time (chart zoomed on the first problem)`);
    assert.deepEqual(extra.map((p) => at(p.closeMs)), [], `${extra.length} reset(s) without a hang (false action)`);
    for (const p of pulses) assertNear(p.widthMs, want.widthMs, tol, `pulse at ${at(p.closeMs)}`);
  });
});
