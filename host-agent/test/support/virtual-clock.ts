// A virtual clock for the service (ServiceClock): timers fire in time order when a test advances the
// clock, with promise chains settled in between, so a 3-minute run takes milliseconds and no test
// depends on real timing.
import type { ServiceClock } from "../../src/service/cadence.ts";

interface Timer {
  atMs: number;
  callback: () => void;
}

/** Lets every pending promise continuation (and setImmediate-deep chain) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock implements ServiceClock {
  private now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { atMs: this.now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers not yet fired or cleared (a leak shows up as a growing number). */
  get pending(): number {
    return this.timers.size;
  }

  /** Fires every timer due up to `untilMs`, in order (ties in creation order), then stops there. */
  async runUntil(untilMs: number): Promise<void> {
    for (;;) {
      await settle();
      let first: [number, Timer] | undefined;
      for (const entry of this.timers) if (first === undefined || entry[1].atMs < first[1].atMs) first = entry;
      if (first === undefined || first[1].atMs > untilMs) break;
      this.timers.delete(first[0]);
      this.now = first[1].atMs;
      first[1].callback();
    }
    this.now = untilMs;
    await settle();
  }
}
