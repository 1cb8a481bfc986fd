// The main loop: the heartbeat port's bytes go to the core, then settle() runs. Its two timers: an interval kicks the interpreter's watchdog every KICK_MS: nothing
// can postpone it (re-arming one shared timer on every event once let steady serial traffic delay
// the kick until the chip reset). A single deadline timer wakes the core at nextWakeMs(); it is
// re-armed only when that wake changes, so traffic that does not change it cannot move it, and at
// that moment the clock is aligned (clock.ts) so the new transition is timed from the read that
// created it: a pulse is never shorter than pulseMs. With nothing pending it still wakes every
// MAX_SLEEP_MS so that the clock is read more often than its MAX_STEP_MS clamp.
// clearTimeout is only ever called with a live id: without an argument it clears every timer.
import type { Watchdog } from "../core/watchdog.ts";
import type { Clock } from "./clock.ts";

/** Interpreter-watchdog kick period. */
export const KICK_MS = 1000;
/** Longest sleep of the deadline timer; below the clock's MAX_STEP_MS. */
export const MAX_SLEEP_MS = 4000;

/**
 * Starts the kick interval, hands the port's bytes to the core, and returns settle(): runs every
 * transition due now and re-arms the deadline timer. Call it after every other event the core was
 * given (the inputs).
 */
export function startMainTimer(watchdogSeconds: number, clock: Clock, dog: Watchdog, port: EspruinoSerial): () => void {
  let timerId = -1;
  let wakeMs = -2;
  function settle(): void {
    const nowMs = clock.nowMs();
    dog.tick(nowMs);
    const nextMs = dog.nextWakeMs();
    if (nextMs !== wakeMs) {
      clock.align();
      wakeMs = nextMs;
      if (timerId !== -1) clearTimeout(timerId);
      timerId = -1;
    }
    if (timerId !== -1) return;
    // Measured after the tick: a press is followed by its flash save in the same tick, and the
    // pulse must end pulseMs after the press, not pulseMs after the save.
    const afterMs = clock.nowMs();
    let delayMs = MAX_SLEEP_MS;
    if (nextMs >= 0 && nextMs - afterMs < delayMs) delayMs = nextMs > afterMs ? nextMs - afterMs : 0;
    timerId = setTimeout(function () {
      timerId = -1;
      settle();
    }, delayMs);
  }
  port.on("data", function (data: string) {
    dog.input(data, clock.nowMs());
    settle();
  });
  E.enableWatchdog(watchdogSeconds, false);
  setInterval(function () {
    E.kickWatchdog();
  }, KICK_MS);
  return settle;
}
