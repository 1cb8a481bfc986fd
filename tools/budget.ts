// Size budgets of the built bundles, in bytes, in one place: the hard limit fails the build. The
// build reports each bundle's size; RAM is measured on the real interpreter (docs/performance.md),
// since code saved to .bootcde stays memory-mapped in flash and size is only a proxy for RAM.

// The hard limit sits ~400 bytes above the largest bundle (esp32/esp8266: 12,114 bytes, 62
// functions, after every property that no string, Espruino API or flash record names got a short
// name). A regression fails the build; lower the limit with each saving.
export const WATCHDOG_LIMIT_BYTES = 12544;
export const OBSERVER_LIMIT_BYTES = 4096;
