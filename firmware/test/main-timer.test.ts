// The hardware layer's clock and main timer (firmware/hw/clock.ts, timer.ts) driving the core on a
// virtual microsecond clock with Espruino's timer globals faked, as the board runs them. Events
// arrive at arbitrary sub-millisecond instants, as serial bytes do; the core counts whole ms.
// Regression: a 2000 ms TEST pulse measured 1999.345 ms on the simulator, because the pulse began
// at a TEST read of x.473 ms (counted as x) and ended at a timer whose phase was x.818 − 1 (the kick
// timer kept armed since 2309dbb): a pulse must never be shorter than pulseMs, nor a timeout.
import assert from "node:assert/strict";
import type { Clock } from "../hw/clock.ts";
import { monotonicClock } from "../hw/clock.ts";
import { Watchdog } from "../core/watchdog.ts";
import { FakeOutputs } from "./harness.ts";

interface FakeTimer {
  id: number;
  dueUs: number;
  periodUs: number;
  fn: () => void;
}

/** Espruino's timer globals on a virtual clock; installed only while a test body runs (synchronously). */
class FakeEspruino {
  nowUs = 0;
  kicks = 0;
  private timers: FakeTimer[] = [];
  private nextId = 1;
  private saved: Record<string, unknown> = {};
  private readonly names = ["setTimeout", "setInterval", "clearTimeout", "E"];

  install(): void {
    const g = globalThis as Record<string, unknown>;
    for (const n of this.names) this.saved[n] = g[n];
    g.setTimeout = (fn: () => void, ms: number) => this.add(fn, ms, 0);
    g.setInterval = (fn: () => void, ms: number) => this.add(fn, ms, ms);
    g.clearTimeout = (id: number) => {
      if (typeof id !== "number") throw new Error("clearTimeout needs an id");
      this.timers = this.timers.filter((t) => t.id !== id);
    };
    g.E = { enableWatchdog: () => undefined, kickWatchdog: () => void this.kicks++ };
  }

  uninstall(): void {
    const g = globalThis as Record<string, unknown>;
    for (const n of this.names) g[n] = this.saved[n];
  }

  /** getTime(): float seconds from an arbitrary epoch, as on the board. */
  getTime = (): number => 1234.567891 + this.nowUs / 1e6;

  /** Runs every timer due up to `toUs`, in order. */
  advanceTo(toUs: number): void {
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) if (t.dueUs <= toUs && (next === undefined || t.dueUs < next.dueUs)) next = t;
      if (next === undefined) break;
      this.nowUs = next.dueUs;
      if (next.periodUs > 0) next.dueUs += next.periodUs;
      else this.timers = this.timers.filter((t) => t !== next);
      next.fn();
    }
    this.nowUs = toUs;
  }

  private add(fn: () => void, ms: number, periodMs: number): number {
    const timer = { id: this.nextId++, dueUs: this.nowUs + Math.round(ms * 1000), periodUs: Math.round(periodMs * 1000), fn };
    this.timers.push(timer);
    return timer.id;
  }
}

interface Board {
  env: FakeEspruino;
  out: FakeOutputs;
  /** Relay edges in real (virtual) ms. */
  relay: { ms: number; pressed: boolean }[];
  send(text: string, atUs: number): void;
}

async function withBoard(body: (b: Board) => void): Promise<void> {
  // Loaded by path: the hardware layer is typed against Espruino's globals, not Node's.
  const timerModule = "../hw/timer.ts";
  const { startMainTimer } = (await import(timerModule)) as {
    startMainTimer(watchdogSeconds: number, clock: Clock, dog: Watchdog, port: { on(event: "data", fn: (data: string) => void): void }): () => void;
  };
  const env = new FakeEspruino();
  const out = new FakeOutputs();
  const relay: Board["relay"] = [];
  out.relay = (pressed: boolean) => void relay.push({ ms: env.nowUs / 1000, pressed });
  env.install();
  try {
    const clock = monotonicClock(env.getTime, 5000);
    const dog = new Watchdog({ out: out.fn, restored: null, corrupt: 0, hasPower: false, fw: "t", board: "t", consoleCode: "c" });
    // The port as Espruino's serial device: bytes arrive through its one "data" listener.
    const listeners: ((data: string) => void)[] = [];
    const settle = startMainTimer(5, clock, dog, { on: (_event, fn) => void listeners.push(fn) });
    assert.equal(listeners.length, 1);
    dog.start(clock.nowMs());
    settle();
    relay.length = 0;
    const send = (text: string, atUs: number): void => {
      env.advanceTo(atUs);
      listeners[0](text);
    };
    body({ env, out, relay, send });
    assert.deepEqual(out.lines.filter((l) => l.startsWith("ERR")), []);
  } finally {
    env.uninstall();
  }
}

/** (press, release) pairs of the reset relay, in real ms. */
function pulses(relay: Board["relay"]): { startMs: number; widthMs: number }[] {
  const found: { startMs: number; widthMs: number }[] = [];
  for (let i = 0; i + 1 < relay.length; i += 2) {
    assert.equal(relay[i].pressed, true);
    assert.equal(relay[i + 1].pressed, false);
    found.push({ startMs: relay[i].ms, widthMs: relay[i + 1].ms - relay[i].ms });
  }
  return found;
}

describe("main timer and clock: whole-ms core, sub-ms events", () => {
  it("the simulator's case: TEST at x.473 ms after the last kick-phase wake gives a pulse of exactly pulseMs", async () => {
    await withBoard(({ env, relay, send }) => {
      send("SET pulseMs=2000\n", 1_500_000);
      env.advanceTo(1_961_818);
      send("TEST relay confirm=yes\n", 1_503_473 + 500_000);
      env.advanceTo(6_000_000);
      const [p] = pulses(relay);
      assert.equal(pulses(relay).length, 1);
      assert.ok(Math.abs(p.widthMs - 2000) < 0.001, `width ${p.widthMs} ms`);
    });
  });

  for (const testPhaseUs of [100, 473, 999]) {
    for (const beatPhaseUs of [0, 50, 400, 950]) {
      it(`TEST at +${testPhaseUs} µs, BEATs at +${beatPhaseUs} µs during and at the end of the pulse: never shorter than pulseMs`, async () => {
        await withBoard(({ env, relay, send }) => {
          send("SET pulseMs=300 warnMs=0\n", 1_000_000);
          const testUs = 2_000_000 + testPhaseUs;
          send("TEST relay confirm=yes\n", testUs);
          for (let ms = 1; ms <= 301; ms += 50) send("BEAT\n", testUs - testPhaseUs + ms * 1000 + beatPhaseUs);
          send("BEAT\n", testUs - testPhaseUs + 300_000 + beatPhaseUs);
          env.advanceTo(4_000_000);
          const [p] = pulses(relay);
          assert.ok(p.widthMs >= 300 - 0.001 && p.widthMs < 301, `width ${p.widthMs} ms`);
        });
      });
    }
  }

  it("a timeout runs its full timeoutMs after the last BEAT, whatever the BEAT's sub-ms phase, with traffic in between", async () => {
    await withBoard(({ env, relay, send }) => {
      send("SET timeoutMs=1000 pulseMs=100 warnMs=0\n", 1_000_000);
      send("BEAT\n", 2_000_900);
      for (let us = 2_100_050; us < 3_001_000; us += 99_950) send("STATUS\n", us);
      env.advanceTo(5_000_000);
      const [p] = pulses(relay);
      assert.ok(p.startMs >= 3000.9 - 0.001 && p.startMs < 3001.9, `pressed at ${p.startMs} ms`);
      assert.ok(p.widthMs >= 100 - 0.001 && p.widthMs < 101, `width ${p.widthMs} ms`);
    });
  });

  it("steady BEATs cannot postpone the watchdog kick", async () => {
    await withBoard(({ env, send }) => {
      const kicksBefore = env.kicks;
      for (let us = 1_000_000; us < 11_000_000; us += 200_000) send("BEAT\n", us);
      assert.ok(env.kicks - kicksBefore >= 9, `${env.kicks - kicksBefore} kicks in 10 s`);
    });
  });
});
