// Retrying an attempt until it yields a result or a deadline passes: reopening a native-USB port that
// is still enumerating, asking a board that is still booting. Time comes from the caller, so the
// rig's clock and its waits are the ones used.
export interface RetryOptions {
  /** Rig ms by which a result is needed. */
  deadlineMs: number;
  /** Pause between attempts, ms. */
  retryMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Thrown by an attempt to stop retrying at once (a result that waiting cannot change). */
export class GiveUp extends Error {}

/**
 * Runs `attempt` until it returns a value; undefined or a thrown error means "not yet". At the
 * deadline, fails with `what` and the last error. A GiveUp error ends the retries immediately.
 */
export async function retryUntil<T>(what: string, attempt: () => Promise<T | undefined>, o: RetryOptions): Promise<T> {
  let lastError = "";
  for (;;) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = (err as Error).message;
    }
    const leftMs = o.deadlineMs - o.now();
    if (leftMs <= 0) throw new Error(`${what}${lastError ? ` (last: ${lastError})` : ""}`);
    await o.sleep(Math.min(o.retryMs, leftMs));
  }
}
