// Espruino's timer list: numeric ids from 1, intervals scheduled drift-free (next = previous due
// time + period), changeInterval re-arming from now, clearTimeout() with no argument clearing
// every timer and clearTimeout(undefined) throwing, as on the board.
import type { ClockEvent, VirtualClock } from "../clock.ts";

type Callback = (...args: unknown[]) => unknown;

interface Timer {
  id: number;
  fn: Callback;
  args: unknown[];
  periodUs: number;
  repeat: boolean;
  dueUs: number;
  event: ClockEvent;
}

export class Timers {
  private timers = new Map<number, Timer>();
  private nextId = 1;

  constructor(
    private readonly clock: VirtualClock,
    /** Runs one callback (error handling, busy deferral). */
    private readonly run: (fn: Callback, args: unknown[]) => void,
  ) {}

  count(): number {
    return this.timers.size;
  }

  set(fn: unknown, ms: unknown, repeat: boolean, args: unknown[]): number {
    if (typeof fn !== "function") throw new TypeError("Function or String not supplied!");
    const periodUs = Math.max(0, Math.round(Number(ms) * 1000) || 0);
    const id = this.nextId++;
    const timer: Timer = { id, fn: fn as Callback, args, periodUs, repeat, dueUs: 0, event: null as unknown as ClockEvent };
    this.timers.set(id, timer);
    this.arm(timer, this.clock.nowUs() + periodUs);
    return id;
  }

  /** clearTimeout/clearInterval: `argc` is the number of arguments the caller passed. */
  clear(argc: number, id: unknown): void {
    if (argc === 0) {
      this.clearAll();
      return;
    }
    if (typeof id !== "number") throw new Error("clearTimeout: Invalid timeout ID " + String(id));
    const timer = this.timers.get(id);
    if (!timer) return;
    timer.event.cancel();
    this.timers.delete(id);
  }

  clearAll(): void {
    for (const t of this.timers.values()) t.event.cancel();
    this.timers.clear();
  }

  change(id: unknown, ms: unknown): void {
    const timer = typeof id === "number" ? this.timers.get(id) : undefined;
    if (!timer) throw new Error("changeInterval: Unknown Interval " + String(id));
    timer.event.cancel();
    timer.periodUs = Math.max(0, Math.round(Number(ms) * 1000) || 0);
    this.arm(timer, this.clock.nowUs() + timer.periodUs);
  }

  private arm(timer: Timer, dueUs: number): void {
    timer.dueUs = dueUs;
    timer.event = this.clock.at(dueUs, () => this.fire(timer));
  }

  private fire(timer: Timer): void {
    if (timer.repeat) {
      // A zero period would spin forever at one instant; Espruino's idle loop never runs faster than this.
      this.arm(timer, timer.dueUs + Math.max(timer.periodUs, 100));
    } else {
      this.timers.delete(timer.id);
    }
    this.run(timer.fn, timer.args);
  }
}
