// Relay sequences: what an action presses, as a list of steps run one after another by the Watchdog.
// A step sets one relay and lasts `ms`; the last step of every sequence releases, so a sequence can
// never end with a relay closed.
import type { Config } from "./types.ts";

export interface Step {
  /** true: the reset relay; false: the power-button relay. */
  reset: boolean;
  pressed: boolean;
  ms: number;
}

/** One reset pulse of pulseMs. */
export function resetSteps(cfg: Config): Step[] {
  return [
    { reset: true, pressed: true, ms: cfg.pulseMs },
    { reset: true, pressed: false, ms: 0 },
  ];
}

/** Power cycle through the power-button header: hold to force off, wait, press to turn on. */
export function powerSteps(cfg: Config): Step[] {
  return [
    { reset: false, pressed: true, ms: cfg.powerOffMs },
    { reset: false, pressed: false, ms: cfg.powerWaitMs },
    { reset: false, pressed: true, ms: cfg.powerOnMs },
    { reset: false, pressed: false, ms: 0 },
  ];
}
