// Issue 3, point 7: hostile input on the heartbeat port — random bytes, over-long lines, lines split
// at every position, REPL-looking text, Ctrl-C — is never executed, never counts as a heartbeat and
// never causes an action, and the board keeps answering. Each test arms the board with one BEAT,
// throws the input at it, and then checks that the reset comes exactly timeoutMs after that BEAT:
// one stray heartbeat would move it, one executed command would show as an edge or a restart.
import assert from "node:assert/strict";
import type { Harness } from "./support/suite.ts";
import { assertNoAction, assertOnTime, lineMs, linesFrom } from "./support/checks.ts";
import { bootDut, configure, repeats, waitFor } from "./support/dut.ts";
import { isBeatLine } from "../chart/measure.ts";
import { rngFor } from "./support/random.ts";
import { forEachBoard } from "./support/suite.ts";

const TIMEOUT_MS = 60000;
/** How long the last reply may trail the input on a loaded machine (real time; on the simulation it is there at once). */
const REPLY_SLACK_MS = 3000;
/** In real time the timeout must outlast the attack itself (a few seconds of bytes and replies). */
const REAL_TIME_TIMEOUT_MS = 4000;

let timeoutMs = TIMEOUT_MS;

/** Arms the board; returns the time of the one BEAT every later check measures from. */
async function armed(h: Harness): Promise<number> {
  await bootDut(h.rig);
  timeoutMs = (await configure(h.s, { timeoutMs: TIMEOUT_MS, pulseMs: 1000, warnMs: 0 }, Math.max(REAL_TIME_TIMEOUT_MS, h.rig.tolerance.longestTimeoutMs ?? 0))).timeoutMs;
  await h.s.beat();
  return h.s.lastSentMs();
}

/** The board still answers, nothing acted, no restart, and the reset comes on the original schedule. */
async function assertUntouched(h: Harness, beatMs: number): Promise<void> {
  const { rig, s } = h;
  // End any partial line, and let its ERR reply arrive before asking.
  await s.write("\n");
  await rig.wait(200);
  const status = await s.ok("STATUS");
  assert.match(status, /state=armed/, "board answers STATUS and is still armed");
  assert.equal(await s.ok("GET timeoutMs"), `OK GET timeoutMs=${timeoutMs}`, "config unchanged");
  assertNoAction(rig, beatMs, rig.now(), "after hostile input");
  assert.equal(linesFrom(rig, "!BOOT", beatMs).length, 0, "the board restarted");
  const close = s.due(beatMs + timeoutMs + h.tolerance.relayOperateMs, "BEAT");
  await rig.wait(beatMs + timeoutMs + 2000 - rig.now());
  const pulses = s.pulsesSince(beatMs);
  assert.equal(pulses.length, 1, `exactly one reset, on schedule: saw ${pulses.length} (closing at ${pulses.map((p) => Math.round(p.closeMs - beatMs)).join(", ")} ms after the BEAT)`);
  assertOnTime(pulses[0].closeMs, close, "reset measured from the last real BEAT");
}

forEachBoard("7 hostile input", (h) => {
  it("random bytes in random chunks", async function () {
    const rng = rngFor(this.test?.fullTitle() ?? "");
    const beatMs = await armed(h);
    let stream = "";
    for (let i = 0; i < repeats(h.rig, 4000); i++) stream += String.fromCharCode(rng.int(0, 255));
    // Honesty check: the random stream must not happen to contain a real heartbeat line.
    assert.ok(!stream.split("\n").some(isBeatLine), "the random stream contains a BEAT line; pick another seed");
    for (let at = 0; at < stream.length; ) {
      const n = rng.int(1, 64);
      await h.s.write(stream.slice(at, at + n));
      await h.rig.wait(rng.int(0, 20));
      at += n;
    }
    await assertUntouched(h, beatMs);
  });

  it("over-long lines are refused with one ERR each and are not heartbeats", async () => {
    const beatMs = await armed(h);
    const before = linesFrom(h.rig, "ERR long").length;
    const lines = ["BEAT" + " ".repeat(200), "BEAT seq=" + "9".repeat(300), "X".repeat(5000)];
    for (const line of lines) await h.s.write(line + "\n");
    // 5,500 bytes take about half a second on a 115200-baud UART; a real interpreter under load may take longer.
    await h.rig.wait(lineMs(lines.join("\n"), h.board.baud) + 100);
    await waitFor(h.rig, () => linesFrom(h.rig, "ERR long").length - before >= 3, REPLY_SLACK_MS);
    assert.equal(linesFrom(h.rig, "ERR long").length - before, 3, "one ERR long per over-long line");
    await assertUntouched(h, beatMs);
  });

  it("REPL-looking text and Ctrl-C are never executed", async () => {
    const beatMs = await armed(h);
    const relay = h.board.relay;
    const press = relay.activeLow ? 0 : 1;
    const attacks = [
      `digitalWrite(${relay.pin},${press})`,
      `digitalWrite(D23,0)`,
      `digitalPulse(${relay.pin},${press},5000)`,
      "reset()",
      "load()",
      "E.reboot()",
      'require("Storage").eraseAll()',
      "\u0003",
      "\u0003\u0003\u0003",
      "\u0010digitalWrite(" + relay.pin + "," + press + ")",
      "echo(0);setInterval(function(){digitalWrite(" + relay.pin + "," + press + ")},10)",
      "BEAT;reset()",
    ];
    for (const attack of attacks) {
      const boots = linesFrom(h.rig, "!BOOT").length;
      const fromMs = h.rig.now();
      let reply: string;
      try {
        reply = await h.s.request(attack);
      } catch (err) {
        throw new assert.AssertionError({ message: `no reply to ${JSON.stringify(attack)} (executed? the board restarted ${linesFrom(h.rig, "!BOOT").length - boots} time(s)): ${String(err)}` });
      }
      assert.match(reply, /^ERR /, `${JSON.stringify(attack)} was answered "${reply}"`);
      // An executed digitalWrite shows within the relay's operate time, a reset() as a !BOOT.
      await h.rig.wait(50);
      assertNoAction(h.rig, fromMs, h.rig.now(), `right after ${JSON.stringify(attack)}`);
      assert.equal(linesFrom(h.rig, "!BOOT").length, boots, `${JSON.stringify(attack)} restarted the board`);
    }
    await h.rig.wait(1000);
    await assertUntouched(h, beatMs);
  });

  it("a line split at every position parses the same as whole", async () => {
    const beatMs0 = await armed(h);
    const attack = `digitalWrite(${h.board.relay.pin},0)`;
    for (let cut = 1; cut < attack.length; cut++) {
      await h.s.write(attack.slice(0, cut));
      await h.rig.wait(3);
      await h.s.write(attack.slice(cut) + "\n");
    }
    await h.rig.wait(100);
    await waitFor(h.rig, () => linesFrom(h.rig, "ERR", beatMs0).length >= attack.length - 1, REPLY_SLACK_MS);
    const errs = linesFrom(h.rig, "ERR", beatMs0);
    assert.equal(errs.length, attack.length - 1, "one ERR per split REPL line");
    assertNoAction(h.rig, beatMs0, h.rig.now(), "after the split REPL lines");
    // And a split heartbeat is still exactly one heartbeat.
    let lastBeatMs = beatMs0;
    for (let cut = 1; cut < "BEAT".length + 1; cut++) {
      const okBefore = linesFrom(h.rig, "OK BEAT").length;
      lastBeatMs = h.rig.now();
      await h.s.write("BEAT\n".slice(0, cut));
      await h.rig.wait(3);
      await h.s.write("BEAT\n".slice(cut));
      await h.rig.wait(50);
      assert.equal(linesFrom(h.rig, "OK BEAT").length, okBefore + 1, `BEAT split after ${cut} byte(s) counted once`);
      lastBeatMs = h.s.lastSentMs();
    }
    await assertUntouched(h, lastBeatMs);
  });
});
