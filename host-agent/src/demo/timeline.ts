// The demo's durations. The default run takes about a minute; `--fast` is the same story in about
// fifteen seconds (the test runs it).

export interface DemoTimeline {
  timeoutMs: number;
  pulseMs: number;
  warnMs: number;
  /** The agent's heartbeat interval. */
  intervalMs: number;
  /** How long the healthy host beats before it hangs. */
  healthyMs: number;
  /** From the end of the reset pulse until the host's agent starts again ("boot"). */
  bootMs: number;
  /** How long the host beats after it came back, before the demo ends. */
  afterMs: number;
}

export const NORMAL: DemoTimeline = { timeoutMs: 20000, pulseMs: 3000, warnMs: 5000, intervalMs: 5000, healthyMs: 12000, bootMs: 4000, afterMs: 10000 };
export const FAST: DemoTimeline = { timeoutMs: 4000, pulseMs: 1000, warnMs: 1500, intervalMs: 1000, healthyMs: 2500, bootMs: 500, afterMs: 2500 };
