// Size budgets of the built bundles, in bytes, in one place. The goal for a watchdog bundle is
// 8 KB (room to spare on an ESP32 with WiFi on, ~3,400 JsVars, and on a Pico); the hard limit
// fails the build. Code saved to .bootcde stays memory-mapped in flash, but each function still
// costs ~5 JsVars, so size is a proxy for RAM too.

export const WATCHDOG_GOAL_BYTES = 8192;
// The hard limit was set ~1 KB above 11,918 bytes (esp8266, 57 functions). The bundle then grew to
// 12,478 bytes on purpose: fixed tables became switches in function bodies, which stay in flash on
// the board instead of RAM (62 functions). A regression still fails the build; lower the limit
// with each saving until the goal is met.
export const WATCHDOG_LIMIT_BYTES = 12928;
export const OBSERVER_LIMIT_BYTES = 4096;
