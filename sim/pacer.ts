// Runs a VirtualClock in step with the wall clock (× speed) for a board that talks to real programs
// (tty-board.ts). The wake-up is planned for the clock's next event, and re-planned whenever events
// are added from outside the clock (host bytes): a fixed polling tick instead delayed every reply by
// up to one tick (49 ms per BEAT round trip with a 50 ms tick).
import { performance } from "node:perf_hooks";
import type { VirtualClock } from "./clock.ts";

/** Longest sleep without an event: keeps virtual time visibly moving for idle boards. */
const IDLE_WAKE_MS = 100;

export class RealTimePacer {
  private readonly wallStartMs = performance.now();
  private readonly simStartUs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly clock: VirtualClock,
    private readonly speed = 1,
  ) {
    this.simStartUs = clock.nowUs();
    this.wake();
  }

  /** Run every event due by now. Call before adding events, so they land at the right moment. */
  catchUp(): void {
    this.clock.runUntilUs(this.targetUs());
  }

  /** Catch up, then sleep until the clock's next event (call again after adding events). */
  wake(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.catchUp();
    const nextUs = this.clock.nextUs();
    const waitMs = nextUs < 0 ? IDLE_WAKE_MS : Math.min(IDLE_WAKE_MS, Math.max(0, (nextUs - this.targetUs()) / 1000 / this.speed));
    this.timer = setTimeout(() => this.wake(), waitMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private targetUs(): number {
    return this.simStartUs + Math.floor((performance.now() - this.wallStartMs) * 1000 * this.speed);
  }
}
