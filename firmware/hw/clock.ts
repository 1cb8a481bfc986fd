// The board's monotonic uptime in integer ms, built from getTime() deltas. getTime() is float
// seconds and jumps when someone calls setTime(), so each step is clamped: never backwards, and
// never more than `maxStepMs` forwards (the main timer reads the clock at least every kick
// interval, so a bigger step is a clock change, not elapsed time). A clock change therefore
// cannot move a deadline by more than one step. Pure: the caller passes getTime.

/** Largest forward step accepted between two reads. The main timer reads at least every second. */
export const MAX_STEP_MS = 5000;

export function monotonicClock(readSeconds: () => number, maxStepMs: number): () => number {
  let lastSeconds = readSeconds();
  let elapsedMs = 0;
  return function nowMs(): number {
    const seconds = readSeconds();
    let stepMs = (seconds - lastSeconds) * 1000;
    lastSeconds = seconds;
    if (!(stepMs > 0)) stepMs = 0;
    else if (stepMs > maxStepMs) stepMs = maxStepMs;
    elapsedMs += stepMs;
    return Math.floor(elapsedMs);
  };
}
