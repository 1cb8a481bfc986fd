// Wires a board file, the hardware layer and the pure core. The very first statements put the
// relay and power pins at their idle level (digitalWrite, never pinMode), before flash is read or
// anything else can fail: a board restart (power-up, its own watchdog, load(), a re-flash) must
// never close a relay. After that: console off the heartbeat port, state from flash, the core.
// reset() and load() (a re-flash sends both) do not reset the pins and need not run this code soon
// (or at all), so E.on("kill") releases everything first; a chip reset (power-up, its own watchdog)
// reverts the pins to inputs, where the board file's pull resistor holds the relay idle.
import type { BoardFile } from "../boards/types.ts";
import { loadState, saveState } from "./core/persist.ts";
import type { LedPattern, PersistedState } from "./core/types.ts";
import { Watchdog } from "./core/watchdog.ts";
import { MAX_STEP_MS, monotonicClock } from "./hw/clock.ts";
import { consoleCode, giveConsole, takeConsole } from "./hw/console.ts";
import { storageFlash } from "./hw/flash.ts";
import { watchButton, watchForceReset } from "./hw/inputs.ts";
import { createLed } from "./hw/led.ts";
import { drive, driveIdle } from "./hw/outputs.ts";
import { startMainTimer } from "./hw/timer.ts";

function releaseAll(board: BoardFile): void {
  driveIdle(board.relay);
  if (board.power) driveIdle(board.power);
  driveIdle(board.led);
}

export function main(board: BoardFile, fw: string): void {
  releaseAll(board);
  E.on("kill", function () {
    releaseAll(board);
  });
  const clock = monotonicClock(getTime, MAX_STEP_MS);
  const nowMs = clock.nowMs;
  const port = takeConsole(board);
  const flash = storageFlash();
  const loaded = loadState(flash);
  const led = createLed(board.led);
  const power = board.power;
  const dog = new Watchdog({
    out: {
      relay: function (pressed: boolean) {
        drive(board.relay, pressed);
      },
      power: function (pressed: boolean) {
        if (power) drive(power, pressed);
      },
      led: function (pattern: LedPattern) {
        led.show(pattern);
      },
      send: function (line: string) {
        port.write(line + "\n");
      },
      save: function (state: PersistedState) {
        return saveState(flash, state);
      },
    },
    restored: loaded.state,
    corrupt: loaded.corrupt,
    hasPower: !!power,
    fw: fw,
    board: board.id,
    consoleCode: consoleCode(),
    onConsole: function () {
      giveConsole(board);
    },
  });
  const settle = startMainTimer(board.watchdogSeconds, clock, dog);
  dog.start(nowMs());
  port.on("data", function (data: string) {
    dog.input(data, nowMs());
    settle();
  });
  if (board.button) {
    watchButton(board.button, nowMs, function (long: boolean) {
      dog.button(long, nowMs());
      settle();
    });
  }
  if (board.forceReset) {
    watchForceReset(board.forceReset, function () {
      dog.forceReset(nowMs());
      settle();
    });
  }
  settle();
}
