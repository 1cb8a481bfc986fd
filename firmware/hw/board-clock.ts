// The board's clock: the monotonic clock (clock.ts, kept free of Espruino globals for its tests)
// on getTime().
import { MAX_STEP_MS, monotonicClock } from "./clock.ts";
import type { Clock } from "./clock.ts";

export function boardClock(): Clock {
  // Not inlined: terser would turn the parameters into a `var` declared after its first use, which
  // Espruino does not hoist (the bundle then assigned to an outer constant).
  return /*#__NOINLINE__*/ monotonicClock(getTime, MAX_STEP_MS);
}
