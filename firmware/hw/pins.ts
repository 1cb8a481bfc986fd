// Output pins. Only digitalWrite, never pinMode(pin, "output"): digitalWrite sets the value
// before it switches the pin to an output, while pinMode("output") drives LOW for a moment first,
// which closes an active-LOW relay (espruino-dialect.md, "Runtime APIs").
import type { OutputPin } from "../../boards/types.ts";

/** Drives the pin to `active` (true = relay pressed / LED lit): the active level is LOW for an active-LOW pin. */
export function drive(pin: OutputPin, active: boolean): void {
  digitalWrite(pin.pin, active !== pin.activeLow);
}

/** drive() for a pin kept as its name and polarity (activeLow 1 = active LOW): no pin object in RAM. */
export function driveNamed(pin: string, activeLow: number, active: boolean): void {
  digitalWrite(pin, active !== (activeLow === 1));
}
