// digitalWrite/digitalRead/pinMode/digitalPulse/setWatch with Espruino's pin-state rules:
// - digitalWrite sets the output latch first, then makes an "auto" pin an output: no glitch.
// - pinMode(pin, "output") on a pin that is not yet an output drives it LOW for a moment
//   (glitchUs), then the latch; a never-written latch is 0, so the pin simply stays LOW.
// - pinMode makes the pin "manual": later digitalWrite/digitalRead/setWatch leave its mode alone.
// - digitalRead and setWatch turn an "auto" pin into an input (as jshPinInput does).
import type { ClockEvent, VirtualClock } from "../clock.ts";
import type { BoardPin } from "../electrical/pin.ts";
import type { Level, Pull } from "../electrical/net.ts";

export type PinModeName = "input" | "input_pullup" | "input_pulldown" | "output" | "opendrain" | "auto" | "analog";

interface PinState {
  mode: PinModeName;
  latch: Level;
  manual: boolean;
  glitch: ClockEvent | null;
}

interface Watch {
  id: number;
  pin: string;
  fn: (...args: unknown[]) => unknown;
  edge: 1 | -1 | 0;
  repeat: boolean;
  debounceUs: number;
  lastReported: Level;
  lastTime: number;
  pending: ClockEvent | null;
}

export interface IoHost {
  clock: VirtualClock;
  pin(name: string): BoardPin;
  /** getTime() value for a clock instant in µs. */
  timeAt(us: number): number;
  call(fn: (...args: unknown[]) => unknown, args: unknown[]): void;
  /** How long pinMode("output") drives LOW before the latch shows. */
  glitchUs: number;
}

function pinName(pin: unknown): string {
  if (pin === undefined || pin === null) throw new Error("Invalid pin: " + String(pin));
  return String(pin);
}

export class PinIo {
  private states = new Map<string, PinState>();
  private watches = new Map<number, Watch>();
  private nextWatchId = 1;
  private listening = new Set<string>();
  private alive = true;

  constructor(private readonly host: IoHost) {}

  /** Stop every watch and pending glitch (interpreter reset). Pin levels stay as they are. */
  dispose(): void {
    this.alive = false;
    for (const w of this.watches.values()) w.pending?.cancel();
    this.watches.clear();
    for (const s of this.states.values()) s.glitch?.cancel();
  }

  watchCount(): number {
    return this.watches.size;
  }

  private state(name: string): PinState {
    let s = this.states.get(name);
    if (!s) {
      const pin = this.host.pin(name);
      const mode: PinModeName = pin.drive !== null ? "output" : pin.pull === "up" ? "input_pullup" : pin.pull === "down" ? "input_pulldown" : "input";
      s = { mode, latch: pin.drive ?? 0, manual: false, glitch: null };
      this.states.set(name, s);
    }
    return s;
  }

  private apply(name: string, s: PinState): void {
    const pin = this.host.pin(name);
    if (s.glitch) return; // the LOW moment of pinMode("output") is still on the wire
    let drive: Level | null = null;
    let pull: Pull = "none";
    if (s.mode === "output") drive = s.latch;
    else if (s.mode === "opendrain") drive = s.latch === 0 ? 0 : null;
    else if (s.mode === "input_pullup") pull = "up";
    else if (s.mode === "input_pulldown") pull = "down";
    pin.set(drive, pull);
  }

  digitalWrite(pin: unknown, value: unknown): void {
    if (!this.alive) return;
    const name = pinName(pin);
    const s = this.state(name);
    s.latch = value ? 1 : 0;
    if (!s.manual && s.mode !== "output" && s.mode !== "opendrain") s.mode = "output";
    this.apply(name, s);
  }

  digitalRead(pin: unknown): number {
    const name = pinName(pin);
    const s = this.state(name);
    if (!s.manual && s.mode !== "input") {
      s.mode = "input";
      this.apply(name, s);
    }
    return this.host.pin(name).level();
  }

  pinMode(pin: unknown, mode: unknown): void {
    if (!this.alive) return;
    const name = pinName(pin);
    const s = this.state(name);
    const m = String(mode) as PinModeName;
    const known: PinModeName[] = ["input", "input_pullup", "input_pulldown", "output", "opendrain", "auto", "analog"];
    if (!known.includes(m)) throw new Error("pinMode: unknown mode " + String(mode));
    if (m === "auto") {
      s.manual = false;
      return;
    }
    const wasOutput = s.mode === "output";
    s.mode = m === "analog" ? "input" : m;
    s.manual = true;
    if (m === "output" && !wasOutput && this.host.glitchUs > 0) {
      this.host.pin(name).set(0, "none");
      s.glitch = this.host.clock.after(this.host.glitchUs, () => {
        s.glitch = null;
        if (this.alive) this.apply(name, s);
      });
      return;
    }
    this.apply(name, s);
  }

  /** Hardware-timed: `value` now, the opposite `ms` later (after any pulse already running). */
  digitalPulse(pin: unknown, value: unknown, ms: unknown): void {
    if (!this.alive) return;
    const name = pinName(pin);
    const level: Level = value ? 1 : 0;
    const durations = Array.isArray(ms) ? ms.map(Number) : [Number(ms)];
    let atUs = this.host.clock.nowUs();
    let current = level;
    this.digitalWrite(name, current);
    for (const d of durations) {
      atUs += Math.round(d * 1000);
      current = current === 1 ? 0 : 1;
      const write = current;
      this.host.clock.at(atUs, () => {
        if (this.alive) this.digitalWrite(name, write);
      });
    }
  }

  setWatch(fn: unknown, pin: unknown, options: unknown): number {
    if (typeof fn !== "function") throw new TypeError("setWatch: function expected");
    const name = pinName(pin);
    const o = (options ?? {}) as { repeat?: boolean; edge?: string | number; debounce?: number };
    const edge = o.edge === "rising" || o.edge === 1 ? 1 : o.edge === "falling" || o.edge === -1 ? -1 : 0;
    const s = this.state(name);
    if (!s.manual && s.mode === "output") {
      s.mode = "input";
      this.apply(name, s);
    }
    const watch: Watch = {
      id: this.nextWatchId++,
      pin: name,
      fn: fn as (...args: unknown[]) => unknown,
      edge,
      repeat: Boolean(o.repeat),
      debounceUs: Math.max(0, Math.round((Number(o.debounce) || 0) * 1000)),
      lastReported: this.host.pin(name).level(),
      lastTime: this.host.timeAt(this.host.clock.nowUs()),
      pending: null,
    };
    this.watches.set(watch.id, watch);
    this.listen(name);
    return watch.id;
  }

  clearWatch(argc: number, id: unknown): void {
    if (argc === 0) {
      for (const w of this.watches.values()) w.pending?.cancel();
      this.watches.clear();
      return;
    }
    if (typeof id !== "number") throw new Error("clearWatch: Invalid watch ID " + String(id));
    const w = this.watches.get(id);
    w?.pending?.cancel();
    this.watches.delete(id);
  }

  private listen(name: string): void {
    if (this.listening.has(name)) return;
    this.listening.add(name);
    this.host.pin(name).net.onChange((level) => {
      if (!this.alive) return;
      for (const w of this.watches.values()) if (w.pin === name) this.edge(w, level);
    });
  }

  private edge(w: Watch, level: Level): void {
    const edgeUs = this.host.clock.nowUs();
    if (w.debounceUs === 0) {
      this.report(w, level, edgeUs);
      return;
    }
    // Debounce: report only when the line has been steady for debounceUs, stamped with the last edge.
    w.pending?.cancel();
    w.pending = this.host.clock.after(w.debounceUs, () => {
      w.pending = null;
      this.report(w, this.host.pin(w.pin).level(), edgeUs);
    });
  }

  private report(w: Watch, level: Level, edgeUs: number): void {
    if (level === w.lastReported) return;
    w.lastReported = level;
    if ((w.edge === 1 && level !== 1) || (w.edge === -1 && level !== 0)) return;
    const time = this.host.timeAt(edgeUs);
    const event = { state: level === 1, time, lastTime: w.lastTime, pin: w.pin };
    w.lastTime = time;
    if (!w.repeat) this.watches.delete(w.id);
    // The edge is stamped now (in the IRQ on the board) but its callback runs from the event queue.
    this.host.clock.after(0, () => {
      if (this.alive) this.host.call(w.fn, [event]);
    });
  }
}
