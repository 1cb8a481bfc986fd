// Relay sequences: what an action presses, as a list of steps run one after another by the Watchdog.
// A step sets one relay and lasts `ms`; the last step of every sequence releases, so a sequence can
// never end with a relay closed.
import type { Config } from "./types.ts";

export interface Step {
  /** true: the reset relay; false: the power-button relay. */
  _reset: boolean;
  _pressed: boolean;
  _ms: number;
}

/** One reset pulse of pulseMs. */
export function resetSteps(cfg: Config): Step[] {
  return [
    { _reset: true, _pressed: true, _ms: cfg.pulseMs },
    { _reset: true, _pressed: false, _ms: 0 },
  ];
}

/** Power cycle through the power-button header: hold to force off, wait, press to turn on. */
export function powerSteps(cfg: Config): Step[] {
  return [
    { _reset: false, _pressed: true, _ms: cfg.powerOffMs },
    { _reset: false, _pressed: false, _ms: cfg.powerWaitMs },
    { _reset: false, _pressed: true, _ms: cfg.powerOnMs },
    { _reset: false, _pressed: false, _ms: 0 },
  ];
}
