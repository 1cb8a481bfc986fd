// Debounced inputs through setWatch (both edges, repeat): the board's button, classified as a short
// or long press on release, and the force-reset line, reported when it becomes asserted. Each event
// goes to the core at once and then to settle() (the main timer); one watch callback per input and
// no helper closures, as each function costs JsVars on the board.
import type { InputPin } from "../../boards/types.ts";
import type { Watchdog } from "../core/watchdog.ts";

/** A press at least this long is a long press (toggles the 1 h hold). */
export const LONG_PRESS_MS = 2000;

function listen(pin: InputPin, onEdge: (e: WatchEvent) => void): void {
  if (pin.internalPull) pinMode(pin.pin, pin.activeLow ? "input_pullup" : "input_pulldown");
  else pinMode(pin.pin, "input");
  setWatch(onEdge, pin.pin, { repeat: true, edge: "both", debounce: pin.debounceMs });
}

/**
 * Watches the board file's button and force-reset input, if it has them; nowMs is the monotonic
 * clock. Takes the two pins, not the board file: the watch callbacks keep this scope alive.
 */
export function watchInputs(button: InputPin | undefined, force: InputPin | undefined, nowMs: () => number, dog: Watchdog, settle: () => void): void {
  let pressedAtMs = -1;
  if (button) {
    listen(button, function (e: WatchEvent) {
      const now = nowMs();
      if (e.state !== button.activeLow) {
        pressedAtMs = now;
      } else if (pressedAtMs >= 0) {
        const heldMs = now - pressedAtMs;
        pressedAtMs = -1;
        dog.button(heldMs >= LONG_PRESS_MS, now);
        settle();
      }
    });
  }
  if (force) {
    listen(force, function (e: WatchEvent) {
      if (e.state === force.activeLow) return;
      dog.forceReset(nowMs());
      settle();
    });
  }
}
