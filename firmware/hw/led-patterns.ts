// What each LED pattern looks like, as one character per LED_STEP_MS: "1" lit, "0" dark, repeated.
// Pure data, so the simulator and tests can read the same table the board blinks.
import type { LedPattern } from "../core/types.ts";

/** One step of every pattern; a single interval at this period drives the LED. */
export const LED_STEP_MS = 100;

export const LED_PATTERNS: Record<LedPattern, string> = {
  // Dark: nothing pressed, nothing to say.
  off: "0",
  // Exactly while a relay is closed.
  solid: "1",
  // Pre-timeout warning: fast, 5 Hz.
  "warn-blink": "10",
  // Gave up: a double flash every 2 s, unlike anything else.
  "gave-up": "10100000000000000000",
  // Short button press: slow 1 Hz blink for the status display.
  status: "1111100000",
};
