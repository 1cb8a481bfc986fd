// Debounced inputs through setWatch (both edges, repeat): the board's button, classified as a short
// or long press on release, and the force-reset line, reported when it becomes asserted.
import type { InputPin } from "../../boards/types.ts";
import { inputActive } from "./levels.ts";

/** A press at least this long is a long press (toggles the 1 h hold). */
export const LONG_PRESS_MS = 2000;

function watchInput(pin: InputPin, onChange: (active: boolean) => void): void {
  if (pin.internalPull) pinMode(pin.pin, pin.activeLow ? "input_pullup" : "input_pulldown");
  else pinMode(pin.pin, "input");
  setWatch(function (e: WatchEvent) {
    onChange(inputActive(pin, e.state));
  }, pin.pin, { repeat: true, edge: "both", debounce: pin.debounceMs });
}

/** Calls onPress(long) when the button is released; nowMs is the board's monotonic clock. */
export function watchButton(pin: InputPin, nowMs: () => number, onPress: (long: boolean) => void): void {
  let pressedAtMs = -1;
  watchInput(pin, function (active: boolean) {
    const now = nowMs();
    if (active) {
      pressedAtMs = now;
    } else if (pressedAtMs >= 0) {
      const heldMs = now - pressedAtMs;
      pressedAtMs = -1;
      onPress(heldMs >= LONG_PRESS_MS);
    }
  });
}

/** Calls onAssert() each time the force-reset line becomes asserted. */
export function watchForceReset(pin: InputPin, onAssert: () => void): void {
  watchInput(pin, function (active: boolean) {
    if (active) onAssert();
  });
}
