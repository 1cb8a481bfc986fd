// Output pins. Only digitalWrite, never pinMode(pin, "output"): digitalWrite sets the value
// before it switches the pin to an output, while pinMode("output") drives LOW for a moment first,
// which closes an active-LOW relay (espruino-dialect.md, "Runtime APIs").
import type { OutputPin } from "../../boards/types.ts";
import { outputLevel } from "./levels.ts";

/** Drives the pin to `active` (true = relay pressed / LED lit), mapping polarity. */
export function drive(pin: OutputPin, active: boolean): void {
  digitalWrite(pin.pin, outputLevel(pin, active));
}

/** The first thing the firmware does: every output at its idle level. */
export function driveIdle(pin: OutputPin): void {
  digitalWrite(pin.pin, outputLevel(pin, false));
}
