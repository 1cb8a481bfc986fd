// Item 4: each board bundle's size, and what it keeps in RAM on the simulation, three ways: at rest
// after a short realistic life (boot, config, heartbeats, a hold, a timeout with its reset pulse,
// heartbeats again); at rest at the end of a longer life whose history is full (16 events, the
// most the firmware keeps: the worst case at rest, held against the goal); and the peak while a
// command runs. The JsVar figures are the simulator's estimate (hil-tests/sim/espruino/memory.ts
// and bundle-ram.ts): resident functions and the data of the bundle's long-lived scopes read from
// its syntax, the in-RAM state from the newest flash record, globals walked, timers and pin watches.
import { readdirSync, statSync } from "node:fs";
import { SLOT_NAMES } from "../../firmware/core/persist.ts";
import { MAX_LINE } from "../../firmware/core/types.ts";
import { bundleRam, type BundleRam } from "../../hil-tests/sim/espruino/bundle-ram.ts";
import { FUNCTION_VARS, persistedStateShape, saveStringVars, stringVars } from "../../hil-tests/sim/espruino/memory.ts";
import { createSimRig, type SimRig } from "../../hil-tests/sim/sim-rig.ts";
import { boardMemoryRow } from "./on-board.ts";
import { row, type Row } from "../lib/result.ts";
import { builtPath, builtText } from "../lib/snapshot.ts";

const GOAL_BYTES = 8192;
/** An ESP32 with WiFi on has about this many JsVars free for the program (issue 6). */
const SMALL_BOARD_JSVARS = 3400;
const KEEP_FREE = 0.9;
/** The history the firmware keeps in RAM and flash (firmware/core/types.ts HISTORY_LENGTH). */
const FULL_HISTORY = 16;
/** Uptime before the history fills: from 11.6 days on, every event's time has 10 digits (its longest for 115 days). */
const LONG_UPTIME_MS = 12 * 86_400_000;

async function request(rig: SimRig, line: string): Promise<string> {
  const reply = await rig.request(line);
  if (!reply.startsWith("OK")) throw new Error(`${rig.board.id}: "${line}" was answered "${reply}"`);
  return reply;
}

async function shortLife(board: string): Promise<SimRig> {
  const rig = await createSimRig({ board: board as "esp32", bundle: builtText(`firmware/${board}.js`), observerBundle: builtText("observer/esp32.js"), seed: 6 });
  await rig.powerDut(true);
  const t0 = rig.now();
  while (!rig.lines().some((l) => l.line.startsWith("!BOOT"))) {
    if (rig.now() - t0 > 5000) throw new Error(`${board}: no !BOOT within 5 s of power-on`);
    await rig.wait(10);
  }
  await request(rig, "SET timeoutMs=5000 pulseMs=200 warnMs=2000");
  for (let i = 0; i < 5; i++) {
    await request(rig, "BEAT seq=" + (i + 1) + " boot=bench");
    await rig.wait(1000);
  }
  await request(rig, "HOLD 3000");
  await rig.wait(4000);
  await rig.wait(6000); // the deadline passes: warning, reset pulse
  for (let i = 0; i < 3; i++) {
    await request(rig, "BEAT seq=" + (i + 10) + " boot=bench2");
    await rig.wait(1000);
  }
  await request(rig, "STATUS");
  return rig;
}

/** Events in the history, from `LOG` (protocol.md: `OK LOG of=0` or `OK LOG i=0 of=N ...`). */
async function historyLength(rig: SimRig): Promise<number> {
  const of = / of=(\d+)/.exec(await request(rig, "LOG"));
  if (of === null) throw new Error(`${rig.board.id}: LOG gave no "of="`);
  return Number(of[1]);
}

/**
 * Fill the history the way a bad day after 12 days of uptime would (event times of 10 digits): a
 * host that stops beating and never comes back (a reset after a timeout, more after boot timeouts,
 * power cycles, giving up: the events with the longest texts), its return, then config changes (a
 * `config` event per changing SET) up to 16.
 */
async function fillHistory(rig: SimRig): Promise<void> {
  await request(rig, "DISARM");
  await rig.wait(LONG_UPTIME_MS);
  await request(rig, "BEAT seq=19 boot=bench3");
  await request(rig, "SET bootTimeoutMs=3000");
  for (let waitedMs = 0; !(await request(rig, "STATUS")).includes("state=gave-up"); waitedMs += 5000) {
    if (waitedMs > 600_000) throw new Error(`${rig.board.id}: did not give up within 10 simulated minutes`);
    await rig.wait(5000);
  }
  await request(rig, "BEAT seq=20 boot=bench4");
  for (let i = 0; (await historyLength(rig)) < FULL_HISTORY; i++) {
    if (i > FULL_HISTORY) throw new Error(`${rig.board.id}: the history did not fill`);
    await request(rig, `SET warnMs=${i % 2 === 0 ? 1000 : 2000}`);
  }
}

/** `port`: a real banken board to read process.memory() from; null = the esp32 bundle on a simulated board behind a pty. */
export async function measureFirmware(port: string | null): Promise<Row[]> {
  const rows: Row[] = [];
  const budget = Math.floor(SMALL_BOARD_JSVARS * (1 - KEEP_FREE));
  for (const file of readdirSync(builtPath("firmware")).filter((f) => f.endsWith(".js")).sort()) {
    const id = file.slice(0, -3);
    const bytes = statSync(builtPath(`firmware/${file}`)).size;
    const code = bundleRam(builtText(`firmware/${file}`));
    rows.push(row("4", `${id} bundle size`, bytes, "B", `${code.functions} functions: ${code.residentFunctions} resident, ${code.transientFunctions} transient`, `< ${GOAL_BYTES} B`, bytes < GOAL_BYTES));

    const rig = await shortLife(id);
    const shortEvents = await historyLength(rig);
    const short = rig.memory();
    await fillHistory(rig);
    const full = rig.memory();
    const flash = rig.dut.flash;
    const files = flash.list().map((name) => flash.read(name) ?? "");
    const saveVars = saveStringVars(files);
    const state = persistedStateShape(files);
    const slotBytes = SLOT_NAMES.map((name) => (flash.read(name) ?? "").length);
    const errors = rig.dutErrors();
    await rig.close();
    const errorNote = errors.length > 0 ? `; ERRORS: ${errors[0]}` : "";

    rows.push(row("4", `${id} RAM at rest, short life`, short.jsVars, "JsVars", `${describeParts(short.jsVarParts, code)}; ${shortEvents} events in the history; flash ${short.flashUsedBytes} B used in ${short.flashWrites} writes`));
    rows.push(
      row(
        "4",
        `${id} RAM at rest, full history`,
        full.jsVars,
        "JsVars",
        `${describeParts(full.jsVarParts, code)}; ${FULL_HISTORY} events in the history; ` +
          `${code.residentFunctions} functions of which ${code.residentClosures} closures, ${full.timers} timers, ${full.watches} pin watches, ` +
          `objects ${state.objects} in the state + ${code.dataObjects} in the closures' data, string bytes ${state.stringChars} + ${code.dataStringChars}; ` +
          `this simulated ${id} has ${full.jsVarsTotal} JsVars: ${Math.round((1 - full.jsVars / full.jsVarsTotal) * 100)}% free${errorNote}`,
        `≤ ${budget} (10% of ${SMALL_BOARD_JSVARS})`,
        full.jsVars <= budget,
      ),
    );
    const lineVars = stringVars(MAX_LINE);
    const peak = full.jsVars + code.peakVars + lineVars + saveVars;
    rows.push(
      row(
        "4",
        `${id} peak while code runs`,
        peak,
        "JsVars",
        `at rest ${full.jsVars} + transient locals ${code.peakVars} (the largest nested chain of short-lived scopes, transient function objects included: start-up or a command) + line buffer ${lineVars} (${MAX_LINE} characters) + a save's JSON and record text ${saveVars}; not seen: calls from one function into another, other strings built at run time`,
      ),
    );
    rows.push(saveWorkRow(id, slotBytes));
  }
  rows.push(await boardMemoryRow(port));
  return rows;
}

/**
 * A save checksums the slot with the higher seq (the older one too only when that one fails) and the
 * record it writes (persist.ts), and an action saves before its relay pulse starts. Espruino
 * interprets every statement from source, so the statements are the cost: the nibble-table CRC
 * (checksum.ts) runs 3 per byte plus 96 per call to make its table. Before 2026-12-04 a save checked
 * both slots bit by bit, 1 + 8 loop rounds per byte. With a full history, from the records in the
 * simulated flash.
 */
function saveWorkRow(id: string, slotBytes: number[]): Row {
  const record = Math.max(...slotBytes);
  const bytes = 2 * record;
  const bytesBefore = slotBytes[0] + slotBytes[1] + record;
  const TABLE_STATEMENTS = 16 * (1 + 4 + 1);
  return row(
    "4",
    `${id} a save's checksum work, full history`,
    bytes,
    "B",
    `the newest slot and the new record, ~${record} B each: ${bytes * 3 + 2 * TABLE_STATEMENTS} interpreted statements (nibble table); before: both slots (${slotBytes.join(" + ")} B) and the record, bit by bit, ${bytesBefore * 9} statements`,
  );
}

/** "functions 240 (48 resident; 14 transient: 0 at rest) + bundle data 167 + ...": where the estimate comes from. */
function describeParts(p: Record<string, number>, code: BundleRam): string {
  const names: [string, string, string][] = [
    ["functions", "functions", ` (${code.residentFunctions} resident: ${code.residentFunctions * FUNCTION_VARS} + parameters ${code.residentParameterVars} + scope chains ${code.residentChainVars} − ${code.residentGlobalNames} names counted with the globals; ${code.transientFunctions} transient: 0 at rest)`],
    ["bundleData", "bundle data", ""],
    ["state", "state", ""],
    ["globals", "globals", ""],
    ["ramCode", "RAM code", ""],
    ["timersAndWatches", "timers/watches", ""],
  ];
  const sum = names.map(([key, label, detail]) => `${label} ${p[key] ?? 0}${detail}`).join(" + ");
  return `${sum} (string tails ${p.stringTails ?? 0} of the bundle data)`;
}
