// Logical state ↔ pin level for a board file's pins. Pure, shared by the outputs and the inputs.
import type { InputPin, OutputPin } from "../../boards/types.ts";

/** The level that makes an output active (relay pressed, LED lit): LOW for an active-LOW input. */
export function outputLevel(pin: OutputPin, active: boolean): boolean {
  return active !== pin.activeLow;
}

/** Whether an input's level means pressed / asserted. */
export function inputActive(pin: InputPin, level: boolean): boolean {
  return level !== pin.activeLow;
}
