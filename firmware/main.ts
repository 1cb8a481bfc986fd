// Wires a board file, the hardware layer and the pure core. The very first statements put the
// relay and power pins at their idle level (createOutputs: digitalWrite, never pinMode), before
// flash is read or anything else can fail: a board restart (power-up, its own watchdog, load(), a
// re-flash) must never close a relay. After that: console off the heartbeat port, state from flash,
// the core, its main timer and inputs.
// The closures made below take only what they use (the outputs their three pins, the inputs their
// two, the main loop the core, the clock and the port), and this function makes none itself. In
// the bundle that is not enough to free the board object: terser inlines the single-use factories
// into this function, and Espruino keeps a closure's whole chain of scopes, so this scope stays
// alive with them (docs/performance.md, item 4, "The RAM model").
/* eslint-disable @typescript-eslint/no-require-imports -- Espruino needs the direct call */
import type { BoardFile } from "../boards/types.ts";
import { loadState } from "./core/persist.ts";
import { Watchdog } from "./core/watchdog.ts";
import { MAX_STEP_MS, monotonicClock } from "./hw/clock.ts";
import { consoleCode, portOf, takeConsole } from "./hw/console.ts";
import { watchInputs } from "./hw/inputs.ts";
import { createOutputs } from "./hw/outputs.ts";
import { startMainTimer } from "./hw/timer.ts";

export function main(board: BoardFile, fw: string): void {
  const out = createOutputs(board.relay, board.power, board.led, portOf(board));
  const clock = monotonicClock(getTime, MAX_STEP_MS);
  const port = takeConsole(board);
  const loaded = loadState(require("Storage"));
  const dog = new Watchdog({
    out: out,
    restored: loaded.state,
    corrupt: loaded.corrupt,
    hasPower: !!board.power,
    fw: fw,
    board: board.id,
    consoleCode: consoleCode(),
  });
  const settle = startMainTimer(board.watchdogSeconds, clock, dog, port);
  dog.start(clock.nowMs());
  watchInputs(board.button, board.forceReset, clock.nowMs, dog, settle);
  settle();
}
