// Size budgets of the built bundles, in bytes, in one place. The goal for a watchdog bundle is
// 8 KB (room to spare on an ESP32 with WiFi on, ~3,400 JsVars, and on a Pico); the hard limit
// fails the build. Code saved to .bootcde stays memory-mapped in flash, but each function still
// costs ~5 JsVars, so size is a proxy for RAM too.

export const WATCHDOG_GOAL_BYTES = 8192;
export const WATCHDOG_LIMIT_BYTES = 20480;
export const OBSERVER_LIMIT_BYTES = 4096;
