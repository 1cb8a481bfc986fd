// Wires a board file, the hardware layer and the pure core. The very first statements put the
// relay and power pins at their idle level (createOutputs: digitalWrite, never pinMode), before
// flash is read or anything else can fail: a board restart (power-up, its own watchdog, load(), a
// re-flash) must never close a relay. After that: console off the heartbeat port, state from flash,
// the core, its main timer and inputs.
// The closures made below take only what they use (the outputs their three pins, the inputs their
// two, the main loop the core, the clock and the port), and this function makes none itself, so
// its scope (the board object, the loaded record, the options) is garbage once start-up is done.
// That holds only while the factories stay functions of their own: inlined here by terser, their
// closures would keep this scope alive (Espruino keeps a closure's whole chain of scopes) and each
// would carry a longer chain. `#__NOINLINE__` tells terser so (docs/performance.md, item 4).
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
  const out = /*#__NOINLINE__*/ createOutputs(board.relay, board.power, board.led, portOf(board));
  const clock = /*#__NOINLINE__*/ monotonicClock(getTime, MAX_STEP_MS);
  const port = takeConsole(board);
  const loaded = loadState(require("Storage"), E.CRC32);
  const dog = new Watchdog({
    out: out,
    restored: loaded.state,
    corrupt: loaded.corrupt,
    hasPower: !!board.power,
    fw: fw,
    board: board.id,
    consoleCode: consoleCode(),
  });
  const settle = /*#__NOINLINE__*/ startMainTimer(board.watchdogSeconds, clock, dog, port);
  dog.start(clock.nowMs());
  /*#__NOINLINE__*/ watchInputs(board.button, board.forceReset, clock.nowMs, dog, settle);
  settle();
}
