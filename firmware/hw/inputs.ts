// Debounced inputs through setWatch (both edges, repeat): the board's button, reported with how long
// it was held when released (the core tells short, long and factory-reset presses apart), and the
// force-reset line, reported when it becomes asserted. A button already down when the firmware
// starts counts as pressed from then (the factory reset's window opens at the start). Each event
// goes to the core at once and then to settle() (the main timer); one watch callback per input and
// no helper closures, as each function costs JsVars on the board.
import type { InputPin } from "../../boards/types.ts";
import type { Watchdog } from "../core/watchdog.ts";

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
        dog.button(heldMs, now);
        settle();
      }
    });
    if (digitalRead(button.pin) === (button.activeLow ? 0 : 1)) pressedAtMs = nowMs();
  }
  if (force) {
    listen(force, function (e: WatchEvent) {
      if (e.state === force.activeLow) return;
      dog.forceReset(nowMs());
      settle();
    });
  }
}
