// From the observer's raw pin levels to the rig's "active" levels (1 = pressed / lit).
// The relay lines are watched at the relay CONTACT, not at the module's input (docs/bench-rig.md):
// contact to GND, observer input pulled up, so 0 = closed. That measures what the host's reset
// header really sees, including the contact's operate time, and an unpowered DUT (whose relay input
// line then sits at 0 V) cannot fake a closure. The LED is watched at the DUT's LED pin.
import type { BoardFile } from "../../boards/types.ts";
import type { SignalName } from "../types.ts";
import type { ObserverLineName } from "./observer-lines.ts";

/** How a relay line is wired into the observer. */
export type RelaySense = "contact" | "input";

export function signalOf(line: ObserverLineName): SignalName {
  return line === "power" ? "powerRelay" : line;
}

/** The active level of a raw reading, or undefined for a line the board does not have. */
export function activeLevel(board: BoardFile, line: ObserverLineName, raw: 0 | 1, relaySense: RelaySense): 0 | 1 | undefined {
  const pin = line === "relay" ? board.relay : line === "power" ? board.power : board.led;
  if (pin === undefined) return undefined;
  const activeLow = line !== "led" && relaySense === "contact" ? true : pin.activeLow;
  return (activeLow ? raw === 0 : raw === 1) ? 1 : 0;
}
