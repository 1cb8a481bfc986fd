// Figures read from a running board over its port, with the banken protocol and its REPL: a real
// board when the bench is given `--port PATH`, else the simulated esp32 bundle behind a pty. On a real
// board these are the measurements that confirm or correct what the simulation can only model (RAM,
// interpreter speed); on the simulated one they prove the path a user with a board runs.
import { readBoardMemory } from "../lib/board-memory.ts";
import { startBoard } from "../lib/board-pty.ts";
import { measureSaveCost } from "../lib/board-save-cost.ts";
import { row, type Row } from "../lib/result.ts";
import { round } from "../lib/stats.ts";

/** Runs `read` against the board on `port`, or against a fresh simulated board when `port` is null. */
async function onBoard<T>(port: string | null, read: (path: string, where: string) => Promise<T>): Promise<T> {
  if (port !== null) return read(port, `the board on ${port}`);
  const sim = await startBoard("sim");
  try {
    return await read(sim.tty, "the simulated esp32 on a pty");
  } finally {
    await sim.stop();
  }
}

/** Item 4: process.memory() through CONSOLE (bench/lib/board-memory.ts); on the simulation it is the model's estimate. */
export function boardMemoryRow(port: string | null): Promise<Row> {
  return onBoard(port, async (path, where) => {
    const m = await readBoardMemory(path);
    return row(
      "4",
      `${m.board} RAM in use, process.memory()`,
      m.programVars,
      "JsVars",
      `read through CONSOLE from ${where}${port === null ? " (the model's estimate)" : ""}: running ${m.runningVars} − empty interpreter ${m.emptyVars} (command history left out); ${m.historyEvents} event${m.historyEvents === 1 ? "" : "s"} in the history; the board has ${m.totalVars} JsVars`,
    );
  });
}

/** Item 5: what a flash save adds to a reply (bench/lib/board-save-cost.ts); an action's pulse starts that much late. */
export function saveCostRow(port: string | null): Promise<Row> {
  return onBoard(port, async (path, where) => {
    const c = await measureSaveCost(path);
    const note = port === null ? "; the simulation does not model interpreter speed, so this only proves the path: run with --port on a real board" : "";
    return row("5", "a flash save, SET − STATUS round trip", round(c.saveMs, 1), "ms", `${where}: SET (saves) ${round(c.saveSetMs, 1)} ms, STATUS ${round(c.statusMs, 1)} ms (median of 7)${note}`);
  });
}
