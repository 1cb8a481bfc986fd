// Issue 3, point 4: no action while the DUT is unpowered, and none while its own interpreter restarts.
import assert from "node:assert/strict";
import { assertNoAction, linesFrom } from "./support/checks.ts";
import { bootDut, configure } from "./support/dut.ts";
import { needs } from "./support/needs.ts";
import { dutHandles } from "./support/dut-handles.ts";
import { forEachBoard } from "./support/suite.ts";

forEachBoard("4 unpowered and interpreter restart", (h) => {
  it("an armed DUT that loses power never acts, however long it stays off", async function () {
    needs(this, h.rig, "powerSwitch");
    const { rig, s } = h;
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 60000, pulseMs: 1000, warnMs: 10000 });
    await s.beat();
    await rig.wait(cfg.timeoutMs / 2);
    await rig.powerDut(false);
    const offMs = rig.now();
    await rig.wait(5 * cfg.timeoutMs);
    assertNoAction(rig, offMs, rig.now(), "while unpowered");
    await bootDut(rig);
    await rig.wait(2 * cfg.timeoutMs);
    assert.match(await s.ok("STATUS"), /state=waiting/, "after power returns the board waits for the host");
    assertNoAction(rig, offMs, rig.now(), "after power returned without heartbeats");
  });

  it("interpreter restarts (own watchdog, load()) never close the relay, armed or mid pulse", async function () {
    needs(this, h.rig, "interpreterRestart");
    const { rig, s } = h;
    const dut = dutHandles(rig);
    await bootDut(rig);
    const cfg = await configure(s, { timeoutMs: 60000, pulseMs: 5000, warnMs: 0 });
    for (const how of ["watchdog", "load"] as const) {
      await s.beat();
      await rig.wait(cfg.timeoutMs / 2);
      const atMs = rig.now();
      const boots = linesFrom(rig, "!BOOT").length;
      await dut.restartInterpreter(how);
      await rig.wait(3000);
      assert.equal(linesFrom(rig, "!BOOT").length, boots + 1, `a ${how} restart sends one !BOOT`);
      assertNoAction(rig, atMs, rig.now(), `${how} restart of an armed board`);
    }
    // Mid pulse: the relay opens (the restart drops the press) and does not close again while the
    // restarted board judges the host's boot (attempts=1: timeoutMs, as after its own press).
    // The host stays silent, so after that the hang is still caught: the next attempt.
    await s.beat();
    await rig.wait(cfg.timeoutMs + cfg.pulseMs / 2);
    const atMs = rig.now();
    await dut.restartInterpreter("watchdog");
    await rig.wait(cfg.timeoutMs - 1000);
    assertNoAction(rig, atMs + 1, rig.now(), "restart mid pulse, while the boot is judged");
    await rig.wait(3000);
    assert.equal(linesFrom(rig, "!ACT reset n=2", atMs).length, 1, "a restart mid-hang does not end the protection");
  });
});
