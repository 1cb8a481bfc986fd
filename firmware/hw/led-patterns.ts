// What each LED pattern looks like, as one character per LED_STEP_MS: "1" lit, "0" dark, repeated.
// A switch in a function, not a table: on the board the literals stay in flash instead of a table
// in RAM. LED_PATTERNS is the same data as a table for the simulator and the tests (unused by the
// bundle, so tree-shaken out of it).
import type { LedPattern } from "../core/types.ts";

/** One step of every pattern; a single interval at this period drives the LED. */
export const LED_STEP_MS = 100;

export function ledPattern(pattern: LedPattern): string {
  switch (pattern) {
    // Exactly while a relay is closed.
    case "solid": return "1";
    // Pre-timeout warning: fast, 5 Hz.
    case "warn-blink": return "10";
    // Gave up: a double flash every 2 s, unlike anything else.
    case "gave-up": return "10100000000000000000";
    // Short button press: slow 1 Hz blink for the status display.
    case "status": return "1111100000";
  }
  // "off": dark, nothing pressed, nothing to say.
  return "0";
}

const PATTERNS: LedPattern[] = ["off", "solid", "warn-blink", "gave-up", "status"];

function patternTable(): Record<LedPattern, string> {
  const table = {} as Record<LedPattern, string>;
  for (const p of PATTERNS) table[p] = ledPattern(p);
  return table;
}

export const LED_PATTERNS: Record<LedPattern, string> = /* @__PURE__ */ patternTable();
