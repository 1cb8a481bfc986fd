// Item 4: each board bundle's size, and what it keeps in RAM at run time on the simulation after a
// realistic life (boot, config, heartbeats, a hold, a timeout with its reset pulse, heartbeats
// again). The JsVar figure is the simulator's estimate (hil-tests/sim/espruino/memory.ts and
// bundle-ram.ts): functions and the data of the bundle's long-lived scopes read from its syntax,
// the in-RAM state from the newest flash record, globals walked, timers and pin watches.
import { readdirSync, statSync } from "node:fs";
import { bundleRam } from "../../hil-tests/sim/espruino/bundle-ram.ts";
import { createSimRig, type SimRig } from "../../hil-tests/sim/sim-rig.ts";
import { row, type Row } from "../lib/result.ts";
import { builtPath, builtText } from "../lib/snapshot.ts";

const GOAL_BYTES = 8192;
/** An ESP32 with WiFi on has about this many JsVars free for the program (issue 6). */
const SMALL_BOARD_JSVARS = 3400;
const KEEP_FREE = 0.9;

async function ok(rig: SimRig, line: string): Promise<void> {
  const reply = await rig.request(line);
  if (!reply.startsWith("OK")) throw new Error(`${rig.board.id}: "${line}" was answered "${reply}"`);
}

async function lifeOf(board: string): Promise<SimRig> {
  const rig = await createSimRig({ board: board as "esp32", bundle: builtText(`firmware/${board}.js`), observerBundle: builtText("observer/esp32.js"), seed: 6 });
  await rig.powerDut(true);
  const t0 = rig.now();
  while (!rig.lines().some((l) => l.line.startsWith("!BOOT"))) {
    if (rig.now() - t0 > 5000) throw new Error(`${board}: no !BOOT within 5 s of power-on`);
    await rig.wait(10);
  }
  await ok(rig, "SET timeoutMs=5000 pulseMs=200 warnMs=2000");
  for (let i = 0; i < 5; i++) {
    await ok(rig, "BEAT seq=" + (i + 1) + " boot=bench");
    await rig.wait(1000);
  }
  await ok(rig, "HOLD 3000");
  await rig.wait(4000);
  await rig.wait(6000); // the deadline passes: warning, reset pulse
  for (let i = 0; i < 3; i++) {
    await ok(rig, "BEAT seq=" + (i + 10) + " boot=bench2");
    await rig.wait(1000);
  }
  await ok(rig, "STATUS");
  return rig;
}

export async function measureFirmware(): Promise<Row[]> {
  const rows: Row[] = [];
  const budget = Math.floor(SMALL_BOARD_JSVARS * (1 - KEEP_FREE));
  for (const file of readdirSync(builtPath("firmware")).filter((f) => f.endsWith(".js")).sort()) {
    const id = file.slice(0, -3);
    const path = builtPath(`firmware/${file}`);
    const bytes = statSync(path).size;
    const functions = bundleRam(builtText(`firmware/${file}`)).functions;
    rows.push(row("4", `${id} bundle size`, bytes, "B", `${functions} functions in the bundle`, `< ${GOAL_BYTES} B`, bytes < GOAL_BYTES));
    const rig = await lifeOf(id);
    const mem = rig.memory();
    const errors = rig.dutErrors();
    await rig.close();
    rows.push(
      row(
        "4",
        `${id} RAM estimate after a life`,
        mem.jsVars,
        "JsVars",
        `${describeParts(mem.jsVarParts)}; ${mem.timers} timers, ${mem.watches} pin watches; flash ${mem.flashUsedBytes} B used in ${mem.flashWrites} writes${errors.length > 0 ? `; ERRORS: ${errors[0]}` : ""}`,
        `≤ ${budget} (10% of ${SMALL_BOARD_JSVARS})`,
        mem.jsVars <= budget,
      ),
    );
  }
  return rows;
}

/** "functions 285 + bundle data 445 + ...": where the estimate comes from. */
function describeParts(p: Record<string, number>): string {
  const names: [string, string][] = [
    ["functions", "functions"],
    ["bundleData", "bundle data"],
    ["state", "state"],
    ["globals", "globals"],
    ["ramCode", "RAM code"],
    ["timersAndWatches", "timers/watches"],
  ];
  const sum = names.map(([key, label]) => `${label} ${p[key] ?? 0}`).join(" + ");
  return `${sum} (string tails ${p.stringTails ?? 0} of the bundle data)`;
}
