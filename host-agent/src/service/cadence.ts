// The service's fixed cadence: beat k is due at anchor + k·interval however long each round took, so
// slow checks or a slow board never stretch the interval (measuring the interval from the END of a
// round lost 3 of 180 beats in 3 minutes at 1 s). A round that overran whole slots does not fire them
// back to back: the missed slots are skipped (the caller logs it) and the latest one is beaten at once,
// late, so the gap between two heartbeats is never more than one round's duration past the interval.

export interface Slot {
  /** When the next round is due (may be now or in the past: start it at once). */
  atMs: number;
  /** Slots that passed while the last round was still running and are not beaten. */
  skipped: number;
}

/** The next slot after the round that was due at `dueMs`, seen at `nowMs` (all monotonic ms). */
export function nextSlot(dueMs: number, intervalMs: number, nowMs: number): Slot {
  const next = dueMs + intervalMs;
  if (nowMs < next) return { atMs: next, skipped: 0 };
  const behind = Math.floor((nowMs - next) / intervalMs);
  return { atMs: next + behind * intervalMs, skipped: behind };
}

/** Time for the service; tests pass a virtual one. */
export interface ServiceClock {
  /** Monotonic integer ms. */
  nowMs(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: ServiceClock = {
  nowMs: () => Math.floor(performance.now()),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
