// The main loop: the heartbeat port's bytes go to the core, then settle() runs. Its two timers: an interval kicks the interpreter's watchdog every KICK_MS: nothing
// can postpone it (re-arming one shared timer on every event once let steady serial traffic delay
// the kick until the chip reset). A single deadline timer wakes the core at nextWakeMs(); it is
// re-armed only when that wake changes, so traffic that does not change it cannot move it, and at
// that moment the clock is aligned (clock.ts) so the new transition is timed from the read that
// created it: a pulse is never shorter than pulseMs. With nothing pending it still wakes every
// MAX_SLEEP_MS so that the clock is read more often than its MAX_STEP_MS clamp.
// clearTimeout is only ever called with a live id: without an argument it clears every timer.
// Module state and top-level callbacks, no closures: see clock.ts.
import type { Watchdog } from "../core/watchdog.ts";
import type { Clock } from "./clock.ts";

/** Interpreter-watchdog kick period. */
export const KICK_MS = 1000;
/** Longest sleep of the deadline timer; below the clock's MAX_STEP_MS. */
export const MAX_SLEEP_MS = 4000;

let loopClock: Clock;
let loopCore: Watchdog;
let timerId = -1;
let wakeMs = -2;

/** Runs every transition due now and re-arms the deadline timer. */
function settle(): void {
  const nowMs = loopClock.nowMs();
  loopCore.tick(nowMs);
  const nextMs = loopCore.nextWakeMs();
  if (nextMs !== wakeMs) {
    loopClock.align();
    wakeMs = nextMs;
    if (timerId !== -1) clearTimeout(timerId);
    timerId = -1;
  }
  if (timerId !== -1) return;
  // Measured after the tick: a press is followed by its flash save in the same tick, and the
  // pulse must end pulseMs after the press, not pulseMs after the save.
  const afterMs = loopClock.nowMs();
  let delayMs = MAX_SLEEP_MS;
  if (nextMs >= 0 && nextMs - afterMs < delayMs) delayMs = nextMs > afterMs ? nextMs - afterMs : 0;
  timerId = setTimeout(wake, delayMs);
}

function wake(): void {
  timerId = -1;
  settle();
}

function onData(data: string): void {
  loopCore.input(data, loopClock.nowMs());
  settle();
}

/**
 * Starts the kick interval, hands the port's bytes to the core, and returns settle(). Call it after
 * every other event the core was given (the inputs). One main loop per board (module state).
 */
export function startMainTimer(watchdogSeconds: number, boardClock: Clock, core: Watchdog, port: EspruinoSerial): () => void {
  loopClock = boardClock;
  loopCore = core;
  timerId = -1;
  wakeMs = -2;
  port.on("data", onData);
  E.enableWatchdog(watchdogSeconds, false);
  // The native function itself: no interpreted callback to keep.
  setInterval(E.kickWatchdog, KICK_MS);
  return settle;
}
