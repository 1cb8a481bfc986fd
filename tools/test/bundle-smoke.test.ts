// Loads each built watchdog bundle into a bare vm context with a minimal fake of the Espruino
// globals (firmware/espruino.d.ts) and checks the start-up order: the relay and power pins are
// written to their idle level before anything else touches a pin, pinMode(…, "output") is never
// used, the REPL is moved off the heartbeat port, and the board answers HELLO. The full simulator
// is sim; this only proves the bundle runs at all. Skipped when dist/ is not built.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import vm from "node:vm";
import esp32 from "../../boards/esp32.ts";
import { espruinoCrc32 } from "../../sim/crc32.ts";
import esp8266 from "../../boards/esp8266.ts";
import pico from "../../boards/pico.ts";

/** BANKEN_DIST (as for the build) tests a private build instead of the shared dist/. */
const DIST = resolve(import.meta.dirname, "../..", process.env.BANKEN_DIST ?? "dist");

interface Fake {
  calls: string[];
  sent: string[];
  feed(data: string): void;
  context: vm.Context;
  /** Runs every pending setTimeout callback once (the deadline timer), in order. */
  fireTimeouts(): void;
  /** Runs every setInterval callback once (the kick interval, a blinking LED). */
  fireIntervals(): void;
  /** E.on handlers by event name. */
  events: Record<string, (() => void)[]>;
  kicks: { count: number };
}

function fakeEspruino(): Fake {
  const calls: string[] = [];
  const sent: string[] = [];
  const handlers: Record<string, (d: string) => void> = {};
  let nextId = 1;
  function serial(name: string): object {
    return {
      on: (_event: string, fn: (d: string) => void) => { handlers[name] = fn; },
      write: (d: string) => { if (name === "Serial1" || name === "USB") sent.push(d); },
      setup: (baud: number, opts?: { flow?: string }) => calls.push(`${name}.setup(${baud},${opts?.flow})`),
      setConsole: () => calls.push(`${name}.setConsole`),
    };
  }
  const storage: Record<string, string> = {};
  const timeouts = new Map<number, () => void>();
  const intervals = new Map<number, () => void>();
  const events: Record<string, (() => void)[]> = {};
  const kicks = { count: 0 };
  const globals = {
    getTime: () => 12.5,
    setTimeout: (fn: () => void) => { timeouts.set(nextId, fn); return nextId++; },
    setInterval: (fn: () => void) => { intervals.set(nextId, fn); return nextId++; },
    clearTimeout: (id?: number) => { if (id === undefined) throw new Error("clearTimeout without id"); timeouts.delete(id); },
    clearInterval: (id?: number) => { if (id === undefined) throw new Error("clearInterval without id"); intervals.delete(id); },
    changeInterval: () => undefined,
    digitalWrite: (pin: string, v: boolean | number) => calls.push(`digitalWrite(${pin},${v ? 1 : 0})`),
    digitalRead: () => 1,
    pinMode: (pin: string, mode: string) => calls.push(`pinMode(${pin},${mode})`),
    digitalPulse: () => undefined,
    setWatch: (_fn: unknown, pin: string, opts: { debounce?: number }) => { calls.push(`setWatch(${pin},${opts.debounce})`); return nextId++; },
    clearWatch: () => undefined,
    Serial1: serial("Serial1"),
    USB: serial("USB"),
    LoopbackA: serial("LoopbackA"),
    LoopbackB: serial("LoopbackB"),
    E: {
      enableWatchdog: (s: number, auto: boolean) => calls.push(`E.enableWatchdog(${s},${auto})`),
      kickWatchdog: () => { kicks.count++; },
      CRC32: (text: string) => espruinoCrc32(text),
      on: (event: string, fn: () => void) => { (events[event] ??= []).push(fn); },
      setConsole: (dev: unknown, opts: { force: boolean }) => {
        const name = dev === globals.LoopbackA ? "LoopbackA" : dev === globals.Serial1 ? "Serial1" : "USB";
        calls.push(`E.setConsole(${name},${opts.force})`);
      },
    },
    require: (name: string) => {
      if (name !== "Storage") throw new Error("no module " + name);
      return {
        read: (n: string) => storage[n],
        write: (n: string, d: string) => { storage[n] = d; return true; },
        erase: (n: string) => { delete storage[n]; },
        getFree: () => 100000,
        compact: () => undefined,
      };
    },
  };
  const context = vm.createContext(globals);
  return {
    calls,
    sent,
    context,
    events,
    kicks,
    fireTimeouts: () => {
      const due = [...timeouts.entries()];
      timeouts.clear();
      for (const [, fn] of due) fn();
    },
    fireIntervals: () => {
      for (const fn of [...intervals.values()]) fn();
    },
    feed: (d: string) => {
      for (const name of ["Serial1", "USB"]) if (handlers[name]) handlers[name](d);
    },
  };
}

describe("built watchdog bundles start safely", () => {
  for (const board of [esp32, pico, esp8266]) {
    it(`${board.id}: idle relay first, console moved, answers HELLO`, function () {
      const path = resolve(DIST, "firmware", board.id + ".js");
      if (!existsSync(path)) this.skip();
      const fake = fakeEspruino();
      vm.runInContext(readFileSync(path, "utf8"), fake.context);
      assert.equal(fake.calls[0], `digitalWrite(${board.relay.pin},1)`);
      assert.equal(fake.calls[1], `digitalWrite(${board.power!.pin},1)`);
      assert.ok(!fake.calls.some((c) => c.endsWith(",output)")), "pinMode output used");
      assert.ok(fake.calls.includes("E.setConsole(LoopbackA,true)"));
      assert.ok(fake.calls.includes(`E.enableWatchdog(${board.watchdogSeconds},false)`));
      const port = board.serial;
      const consoleAt = fake.calls.indexOf("E.setConsole(LoopbackA,true)");
      assert.ok(consoleAt > 1, "console moved after the relay pins are idle");
      // Espruino's ESP32 port turns XON/XOFF on for the console UART; flow "none" turns it off, so
      // the board never injects 0x11/0x13 into its replies.
      if (port === "Serial1") assert.ok(fake.calls.includes("Serial1.setup(115200,none)"), fake.calls.join(" "));
      fake.sent.length = 0;
      fake.feed("HEL");
      fake.feed("LO\n");
      assert.match(fake.sent.join(""), /^OK HELLO .*\n$/);
    });

    it(`${board.id}: the interpreter watchdog is kicked only by its interval, never by traffic or the deadline timer`, function () {
      const path = resolve(DIST, "firmware", board.id + ".js");
      if (!existsSync(path)) this.skip();
      const fake = fakeEspruino();
      vm.runInContext(readFileSync(path, "utf8"), fake.context);
      fake.feed("BEAT\nSTATUS\n");
      fake.fireTimeouts();
      fake.fireTimeouts();
      assert.equal(fake.kicks.count, 0, "kicked outside the kick interval");
      fake.fireIntervals();
      assert.equal(fake.kicks.count, 1);
      fake.fireIntervals();
      assert.equal(fake.kicks.count, 2, "the interval keeps kicking");
    });

    it(`${board.id}: inputs are watched with the board file's debounce`, function () {
      const path = resolve(DIST, "firmware", board.id + ".js");
      if (!existsSync(path)) this.skip();
      const fake = fakeEspruino();
      vm.runInContext(readFileSync(path, "utf8"), fake.context);
      for (const input of [board.button, board.forceReset]) {
        if (input) assert.ok(fake.calls.includes(`setWatch(${input.pin},${input.debounceMs})`), fake.calls.join(" "));
      }
    });

    it(`${board.id}: reset()/load() while pressing releases the relays (E.on kill)`, function () {
      const path = resolve(DIST, "firmware", board.id + ".js");
      if (!existsSync(path)) this.skip();
      const fake = fakeEspruino();
      vm.runInContext(readFileSync(path, "utf8"), fake.context);
      fake.feed("TEST relay confirm=yes\n");
      assert.equal(fake.calls.filter((c) => c.startsWith(`digitalWrite(${board.relay.pin},`)).at(-1), `digitalWrite(${board.relay.pin},0)`);
      assert.ok(fake.events.kill?.length, "no E.on('kill') handler");
      for (const fn of fake.events.kill) fn();
      assert.equal(fake.calls.filter((c) => c.startsWith(`digitalWrite(${board.relay.pin},`)).at(-1), `digitalWrite(${board.relay.pin},1)`);
      if (board.power) assert.equal(fake.calls.filter((c) => c.startsWith(`digitalWrite(${board.power!.pin},`)).at(-1), `digitalWrite(${board.power.pin},1)`);
    });
  }
});
