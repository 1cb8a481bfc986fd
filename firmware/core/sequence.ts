// Relay sequences: what an action presses, as steps run one after another by the Watchdog's step
// loop. One function for every sequence: on the board each function costs ~5 JsVars. A step sets
// one relay and lasts the value of a config key (read from the config in force when the sequence
// began); the last step of every sequence releases and lasts 0 ms, so a sequence can never end with
// a relay closed.
import type { ConfigKey } from "./types.ts";

/** [relay ("relay" = reset, "power" = power button), pressed, config key of its duration or "" for 0 ms]. */
export type Step = ["relay" | "power", boolean, ConfigKey | ""];

/**
 * Step `i` of the reset pulse (one press of pulseMs) or, with `power`, of the power cycle through
 * the power-button header (hold to force off, wait, press to turn on); null after the last step.
 * A switch in a function, not a table: on the board its literals stay in flash, a table would
 * sit in RAM.
 */
export function sequenceStep(power: boolean, i: number): Step | null {
  if (!power) {
    switch (i) {
      case 0: return ["relay", true, "pulseMs"];
      case 1: return ["relay", false, ""];
    }
    return null;
  }
  switch (i) {
    case 0: return ["power", true, "powerOffMs"];
    case 1: return ["power", false, "powerWaitMs"];
    case 2: return ["power", true, "powerOnMs"];
    case 3: return ["power", false, ""];
  }
  return null;
}
