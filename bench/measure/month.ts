// Item 6: simulation speed for a month-long scenario on the esp32 bundle with the default timing
// (timeoutMs 10 min, pulseMs 10 s): a host beating every 60 s ± 10 s, a 30-minute maintenance hold
// every day and a 15-minute host hang every third day (caught by a reset, then the host beats
// again). Reported: simulated days per wall-clock second, and the actions seen vs hangs made (a
// sanity check that the month really ran, not an assertion).
import { createSimRig } from "../../rig/sim/sim-rig.ts";
import { Rng } from "../../sim/rng.ts";
import { row, type Row } from "../lib/result.ts";
import { builtText } from "../lib/snapshot.ts";
import { round } from "../lib/stats.ts";

const DAY_MS = 86400000;
const BEAT_EVERY_MS = 60000;
// Shorter than twice the timeout: exactly one reset per hang (after a reset the board re-arms with timeoutMs).
const HANG_MS = 15 * 60000;
const HOLD_MS = 30 * 60000;

export async function measureMonth(days: number): Promise<Row[]> {
  const rig = await createSimRig({ board: "esp32", bundle: builtText("firmware/esp32.js"), observerBundle: builtText("observer/esp32.js"), seed: 30 });
  await rig.powerDut(true);
  await rig.wait(3000);
  const rng = new Rng(31);
  const started = performance.now();
  const startMs = rig.now();
  let beats = 0;
  let hangs = 0;
  let seq = 0;
  for (let day = 0; day < days; day++) {
    const dayEnd = startMs + (day + 1) * DAY_MS;
    const holdAt = rig.now() + 6 * 3600000 + rng.int(0, 3600000);
    const hangAt = day % 3 === 2 ? rig.now() + 14 * 3600000 : Infinity;
    let held = false;
    let hung = false;
    while (rig.now() < dayEnd) {
      if (!held && rig.now() >= holdAt) {
        await rig.request(`HOLD ${HOLD_MS}`);
        held = true;
        await rig.wait(HOLD_MS);
      }
      if (!hung && rig.now() >= hangAt) {
        hung = true;
        hangs++;
        await rig.wait(HANG_MS);
      }
      await rig.request(`BEAT seq=${++seq} boot=b${hangs}`);
      beats++;
      await rig.wait(BEAT_EVERY_MS + rng.int(-10000, 10000));
    }
  }
  const wallS = (performance.now() - started) / 1000;
  const simDays = (rig.now() - startMs) / DAY_MS;
  const actions = rig.contactEdges("relay").filter((e) => e.closed).length;
  const events = rig.clock.eventsRun;
  await rig.close();
  const perS = simDays / wallS;
  const monthS = 30 / perS;
  return [
    row("6", "simulated days per wall second", round(perS, 1), "d/s", `${round(simDays, 1)} days in ${round(wallS, 2)} s; ${beats} beats, ${events} clock events; ${actions} reset pulses for ${hangs} hangs`),
    row("6", "a simulated month takes", round(monthS, 2), "s", "30 days at the rate above", "< 5 s", monthS < 5),
  ];
}
