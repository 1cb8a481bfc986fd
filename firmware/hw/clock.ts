// The board's monotonic uptime in integer ms, built from getTime() deltas. getTime() is float
// seconds and jumps when someone calls setTime(), so each step is clamped: never backwards, and
// never more than `maxStepMs` forwards (the main timer reads the clock at least every
// MAX_SLEEP_MS, so a bigger step is a clock change, not elapsed time). Pure: the caller passes getTime.
// Whole milliseconds and sub-ms events: an event at 1503.47 ms reads as 1503, so a pulse the core
// starts then and ends at 1503 + pulseMs would be 0.47 ms short. align() drops the fraction of the
// last read, so that read becomes a whole millisecond and every duration the core started at it is
// counted from the moment it really started. The main timer aligns only when the core's next wake
// changed, so a stream of bytes or BEATs during a pulse or a hold does not slow the clock; each
// alignment delays the clock by less than 1 ms. Reads add a microsecond before flooring because
// getTime() differences of whole ms come out as 1999.9999999 in floating point.
// A board has one clock, so its state is module state read by two top-level functions: on the
// board a closure costs its scope and a reference to it, a top-level function neither (the same
// holds for every hw/ module). A second monotonicClock() call restarts the one clock.

/** Largest forward step accepted between two reads. */
export const MAX_STEP_MS = 5000;

export interface Clock {
  nowMs(): number;
  /** Makes the last read a whole millisecond (see above). */
  align(): void;
}

let readSeconds: () => number;
let maxStepMs = 0;
let lastSeconds = 0;
let elapsedMs = 0;

function nowMs(): number {
  const seconds = readSeconds();
  let stepMs = (seconds - lastSeconds) * 1000;
  lastSeconds = seconds;
  if (!(stepMs > 0)) stepMs = 0;
  else if (stepMs > maxStepMs) stepMs = maxStepMs;
  elapsedMs += stepMs;
  return Math.floor(elapsedMs + 0.001);
}

function align(): void {
  elapsedMs = Math.floor(elapsedMs + 0.001);
}

/** Starts the clock at 0 ms on readSeconds. */
function restart(): Clock {
  lastSeconds = readSeconds();
  elapsedMs = 0;
  return { nowMs: nowMs, align: align };
}

/** (Re)starts the clock at 0 ms on `read` (float seconds). */
export function monotonicClock(read: () => number, maxStep: number): Clock {
  readSeconds = read;
  maxStepMs = maxStep;
  return restart();
}
