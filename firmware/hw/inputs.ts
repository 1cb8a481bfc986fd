// Debounced inputs through setWatch (both edges, repeat): the board's button, reported with how long
// it was held when released (the core tells short, long and factory-reset presses apart), and the
// force-reset line, reported when it becomes asserted. A button already down when the firmware
// starts counts as pressed from then (the factory reset's window opens at the start). Each event
// goes to the core at once and then to settle() (the main timer). One watch callback per input,
// top-level with module state (no closures: see clock.ts).
import type { InputPin } from "../../boards/types.ts";
import type { Watchdog } from "../core/watchdog.ts";

// Only the pins' polarity is kept (1 = active LOW), as numbers: the pin objects need not stay in RAM.
let buttonLow = 0;
let forceLow = 0;
let pressedAtMs = -1;
let nowMs: () => number;
let inputCore: Watchdog;
let afterInput: () => void;

function onButton(e: WatchEvent): void {
  const now = nowMs();
  if ((e.state ? 1 : 0) !== buttonLow) {
    pressedAtMs = now;
  } else if (pressedAtMs >= 0) {
    const heldMs = now - pressedAtMs;
    pressedAtMs = -1;
    inputCore.button(heldMs, now);
    afterInput();
  }
}

function onForce(e: WatchEvent): void {
  if ((e.state ? 1 : 0) === forceLow) return;
  inputCore.forceReset(nowMs());
  afterInput();
}

/**
 * Watches the board file's button and force-reset input, if it has them; clockMs is the monotonic
 * clock, afterEvent the main timer's settle(). One set of inputs per board (module state).
 */
export function watchInputs(button: InputPin | undefined, force: InputPin | undefined, clockMs: () => number, core: Watchdog, afterEvent: () => void): void {
  nowMs = clockMs;
  inputCore = core;
  afterInput = afterEvent;
  pressedAtMs = -1;
  // Made here, so it is garbage once the watches are set (a top-level helper would stay resident).
  const listen = function (pin: InputPin, onEdge: (e: WatchEvent) => void): void {
    if (pin.internalPull) pinMode(pin.pin, pin.activeLow ? "input_pullup" : "input_pulldown");
    else pinMode(pin.pin, "input");
    setWatch(onEdge, pin.pin, { repeat: true, edge: "both", debounce: pin.debounceMs });
  };
  if (button) {
    buttonLow = button.activeLow ? 1 : 0;
    listen(button, onButton);
    if (digitalRead(button.pin) === (button.activeLow ? 0 : 1)) pressedAtMs = nowMs();
  }
  if (force) {
    forceLow = force.activeLow ? 1 : 0;
    listen(force, onForce);
  }
}
