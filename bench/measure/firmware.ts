// Item 4: each board bundle's size, and the RAM the firmware keeps, measured: process.memory() of
// the real Espruino interpreter (--espruino PATH or ESPRUINO_BIN, a Linux build; comma-separate two
// builds to measure both) for the esp32 and esp8266 bundles, after boot and with a full history
// (bench/lib/espruino-ram.ts), and of a real board with --port. The simulator has no memory model:
// without an interpreter the RAM rows say so instead of guessing. A full history should fit in 30 %
// of an ESP8266's 1,600 JsVars (issue 11).
import { readdirSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { BoardMemory } from "../lib/board-memory.ts";
import { measureInterpreterRam, type InterpreterRam } from "../lib/espruino-ram.ts";
import { boardMemoryRow } from "./on-board.ts";
import { row, type Row } from "../lib/result.ts";
import { builtPath, builtText } from "../lib/snapshot.ts";

/** The boards whose heartbeat port is Serial1: the Linux interpreter has USB only as its stdio. */
const INTERPRETER_BOARDS = ["esp32", "esp8266"];
/** A full history at rest on the 1,600-JsVar build: 30 % of an ESP8266. */
const SMALL_HEAP_GOAL_VARS = 480;

/** `port`: a real banken board to read process.memory() from; `interpreters`: Linux builds of Espruino. */
export async function measureFirmware(port: string | null, interpreters: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const ids = readdirSync(builtPath("firmware")).filter((f) => f.endsWith(".js")).map((f) => f.slice(0, -3)).sort();
  for (const id of ids) rows.push(row("4", `${id} bundle size`, statSync(builtPath(`firmware/${id}.js`)).size, "B", "the build's hard cap is in tools/budget.ts"));
  if (interpreters.length === 0) {
    rows.push(row("4", "RAM on the real interpreter", 0, "JsVars", "not measured: no interpreter (--espruino PATH or ESPRUINO_BIN); the simulator does not model RAM"));
  }
  for (const bin of interpreters) {
    for (const id of INTERPRETER_BOARDS.filter((b) => ids.includes(b))) rows.push(...ramRows(id, basename(bin), await measureInterpreterRam(bin, builtText(`firmware/${id}.js`))));
  }
  if (port !== null) rows.push(await boardMemoryRow(port));
  return rows;
}

function ramRows(id: string, build: string, ram: InterpreterRam): Row[] {
  const how = (m: BoardMemory): string =>
    `process.memory() through CONSOLE on ${build} (${ram.totalVars} JsVars): running ${m.runningVars} − empty ${m.emptyVars} (both with the .boot0 shim); ` +
    `${m.historyEvents} events in the history; ${Math.round((m.programVars / ram.totalVars) * 100)} % of this build`;
  const full = ram.fullHistory;
  const small = ram.totalVars <= 1600;
  return [
    row("4", `${id} RAM after boot (${build})`, ram.afterBoot.programVars, "JsVars", how(ram.afterBoot)),
    row(
      "4",
      `${id} RAM at rest, full history (${build})`,
      full.programVars,
      "JsVars",
      how(full),
      small ? `≤ ${SMALL_HEAP_GOAL_VARS} (30 % of 1,600)` : "",
      small ? full.programVars <= SMALL_HEAP_GOAL_VARS : null,
    ),
  ];
}
