// Relay sequences: what an action presses, as a table of steps run one after another by the
// Watchdog's step loop. Data, not functions: on the board a function costs ~5 JsVars. A step sets
// one relay and lasts the value of a config key (read from the config in force when the sequence
// began); the last step of every sequence releases and lasts 0 ms, so a sequence can never end with
// a relay closed.
import type { ConfigKey } from "./types.ts";

/** [relay ("relay" = reset, "power" = power button), pressed, config key of its duration or "" for 0 ms]. */
export type Step = ["relay" | "power", boolean, ConfigKey | ""];

/** One reset pulse of pulseMs. */
export const RESET_STEPS: Step[] = [
  ["relay", true, "pulseMs"],
  ["relay", false, ""],
];

/** Power cycle through the power-button header: hold to force off, wait, press to turn on. */
export const POWER_STEPS: Step[] = [
  ["power", true, "powerOffMs"],
  ["power", false, "powerWaitMs"],
  ["power", true, "powerOnMs"],
  ["power", false, ""],
];
