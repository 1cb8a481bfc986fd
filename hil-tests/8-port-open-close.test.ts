// Issue 3, point 8: opening and closing the DUT's serial port 100 times with the host agent's
// recommended settings (HUPCL off, DTR and RTS both asserted in one request) does not restart the
// DUT; the naive settings (HUPCL on, DTR then RTS cleared in two requests, as pyserial-style
// programs do) do restart a board with an auto-reset circuit — the failure mode users report.
// Modelled by the simulated USB bridge (sim/electrical/usb-bridge.ts); the bench has no
// model of it, so there the test is skipped.
import assert from "node:assert/strict";
import { SAFE_MODEM_LINES } from "../host-agent/src/serial/modem-lines.ts";
import { assertNoAction, linesFrom } from "./support/checks.ts";
import { bootDut, configure } from "./support/dut.ts";
import { needs } from "./support/needs.ts";
import { rngFor } from "./support/random.ts";
import { simExtras } from "./support/sim-extras.ts";
import type { Harness } from "./support/suite.ts";
import { forEachBoard } from "./support/suite.ts";

const CYCLES = 100;
const RECOMMENDED = { hupcl: false, ...SAFE_MODEM_LINES };
const NAIVE = { hupcl: true, dtr: false, rts: false, sequential: true };

/** Opens and closes the port `CYCLES` times, one heartbeat per open (what `banken beat` from cron does). */
async function cycle(h: Harness, settings: typeof RECOMMENDED | typeof NAIVE, title: string): Promise<number> {
  const sim = simExtras(h.rig);
  const rng = rngFor(title);
  const startsBefore = sim.dutStarts().length;
  for (let i = 0; i < CYCLES; i++) {
    sim.openPort(settings);
    await h.rig.wait(rng.int(5, 50));
    await h.s.write("BEAT\n");
    await h.rig.wait(rng.int(5, 50));
    sim.closePort();
    // Long enough for a restarted board to finish booting, so each open meets a running board.
    await h.rig.wait(rng.int(1600, 2600));
  }
  return sim.dutStarts().length - startsBefore;
}

forEachBoard("8 port open and close", (h) => {
  it(`${CYCLES} open/close cycles with the recommended settings never restart the DUT`, async function () {
    needs(this, h.rig, "modemLines");
    const { rig, s } = h;
    const sim = simExtras(rig);
    // The first open after plug-in: a CH340 pulses RTS here whatever the program does (a chip quirk);
    // the board restarts at most this once, and then waits for its first heartbeat.
    sim.openPort(RECOMMENDED);
    await rig.wait(100);
    sim.closePort();
    await bootDut(rig);
    await configure(s, { timeoutMs: 600000, pulseMs: 10000 });
    await s.beat();
    const fromMs = rig.now();
    const restarts = await cycle(h, RECOMMENDED, this.test?.fullTitle() ?? "");
    s.settings += ` · bridge ${sim.parts.bridge.chip} · ${restarts} restarts in ${CYCLES} cycles`;
    assert.equal(restarts, 0, `the DUT restarted ${restarts} time(s) during ${CYCLES} open/close cycles`);
    assert.equal(linesFrom(rig, "!BOOT", fromMs).length, 0);
    assert.match(await s.ok("STATUS"), /state=armed/);
    assertNoAction(rig, fromMs, rig.now(), "during open/close cycles");
  });

  it(`${CYCLES} open/close cycles with naive settings restart an auto-reset board (the failure mode)`, async function () {
    needs(this, h.rig, "modemLines");
    const { rig, s } = h;
    const sim = simExtras(rig);
    await bootDut(rig);
    await configure(s, { timeoutMs: 600000, pulseMs: 10000 });
    await s.beat();
    const fromMs = rig.now();
    const restarts = await cycle(h, NAIVE, this.test?.fullTitle() ?? "");
    const chip = sim.parts.bridge.chip;
    s.settings += ` · bridge ${chip} · ${restarts} restarts in ${CYCLES} cycles`;
    if (chip === "native") {
      // Native USB (Pico): DTR/RTS have no wire behind them, so even naive settings are harmless.
      assert.equal(restarts, 0, "a native-USB board has no auto-reset circuit");
    } else {
      assert.equal(restarts, CYCLES, `naive settings should restart the DUT on every open, saw ${restarts} restarts`);
      assert.equal(linesFrom(rig, "!BOOT", fromMs).length, CYCLES, "each restart announces itself with !BOOT");
      // A restarted board waits for its first heartbeat again: judgment was silently lost, the harm.
      await rig.wait(3000);
      assert.match(await s.ok("STATUS"), /state=waiting/);
    }
    // Even restarted over and over, the board never closes the relay (point 3 holds here too).
    assertNoAction(rig, fromMs, rig.now(), "while the port was opened and closed");
  });
});
