// The single main timer. It is re-armed after every event to fire at the core's next transition or
// one kick interval from now, whichever is sooner, and kicks the interpreter's watchdog each time
// it fires: if the event loop stalls, the chip resets (and the relay stays idle, see main.ts).
// clearTimeout is only ever called with a live id: without an argument it clears every timer.
// A pending timer that is due no later than the new wake stays armed: re-arming on every event let
// steady serial traffic (a BEAT every few hundred ms for 10 s) postpone the kick until the
// interpreter watchdog reset the chip mid-conversation.

/** Longest sleep of the main timer; also the interpreter-watchdog kick period. */
export const KICK_MS = 1000;

export interface MainTimer {
  /** Re-arm for `wakeAtMs` (absolute, -1 = nothing pending), or KICK_MS, whichever is sooner. */
  arm(nowMs: number, wakeAtMs: number): void;
}

export function startMainTimer(watchdogSeconds: number, onWake: () => void): MainTimer {
  let timerId = -1;
  let dueAtMs = 0;
  function fire(): void {
    timerId = -1;
    E.kickWatchdog();
    onWake();
  }
  E.enableWatchdog(watchdogSeconds, false);
  return {
    arm(nowMs: number, wakeAtMs: number): void {
      let delayMs = KICK_MS;
      if (wakeAtMs >= 0 && wakeAtMs - nowMs < delayMs) delayMs = wakeAtMs > nowMs ? wakeAtMs - nowMs : 0;
      if (timerId !== -1) {
        if (dueAtMs <= nowMs + delayMs) return;
        clearTimeout(timerId);
      }
      dueAtMs = nowMs + delayMs;
      timerId = setTimeout(fire, delayMs);
    },
  };
}
