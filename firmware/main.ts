// Wires a board file, the hardware layer and the pure core; it names no Espruino global itself
// (hw/ does: eslint.config.js enforces it). The very first statements put the relay and power pins
// at their idle level (createOutputs: digitalWrite, never pinMode), before flash is read or
// anything else can fail: a board restart (power-up, its own watchdog, load(), a re-flash) must
// never close a relay. After that: console off the heartbeat port, state from flash, the core, its
// main timer and inputs.
// The hardware layer keeps its state in module variables and its callbacks are top-level
// functions, so this function and the set-up functions terser inlines into it make no closure: its
// scope (the board object, the loaded record, the options) is garbage once start-up is done, and
// so is every set-up function used only here (docs/performance.md, item 4).
import type { BoardFile } from "../boards/types.ts";
import type { Outputs } from "./core/types.ts";
import { Watchdog } from "./core/watchdog.ts";
import { boardClock } from "./hw/board-clock.ts";
import { consoleCode, portOf, takeConsole } from "./hw/console.ts";
import { loadFromFlash } from "./hw/flash.ts";
import { watchInputs } from "./hw/inputs.ts";
import { createOutputs, outputs } from "./hw/outputs.ts";
import { startMainTimer } from "./hw/timer.ts";

export function main(board: BoardFile, fw: string): void {
  const port = portOf(board);
  createOutputs(board.relay, board.power, board.led, port);
  const clock = boardClock();
  takeConsole(board);
  const loaded = loadFromFlash();
  const dog = new Watchdog({
    out: outputs as Outputs,
    restored: loaded.state,
    corrupt: loaded.corrupt,
    hasPower: !!board.power,
    fw: fw,
    board: board.id,
    consoleCode: consoleCode(),
  });
  const runDue = startMainTimer(board.watchdogSeconds, clock, dog, port);
  dog.start(clock.nowMs());
  watchInputs(board.button, board.forceReset, clock.nowMs, dog, runDue);
  runDue();
}
