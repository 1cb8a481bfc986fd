// Test harness for the pure core: a virtual clock, recording fake outputs and an in-memory flash.
// Time only moves when a test says so; run(toMs) wakes the core exactly at each nextWakeMs(), as the
// hardware layer's single timer does.
import { crc32 as zlibCrc32 } from "node:zlib";
import { pushEvent } from "../core/history.ts";
import { Watchdog } from "../core/watchdog.ts";
import type { WatchdogOptions } from "../core/watchdog.ts";
import type { Flash } from "../core/persist.ts";
import type { LedPattern, Outputs, PersistedState } from "../core/types.ts";

/** zlib's CRC-32 over the low byte of each char code: what E.CRC32 computes on the board. */
export function crc32(text: string): number {
  return zlibCrc32(Buffer.from(text, "latin1"));
}

export interface Edge {
  t: number;
  pressed: boolean;
}

/** Records what the core drives; `fn` is the dispatcher handed to the Watchdog. */
export class FakeOutputs {
  now = 0;
  relayEdges: Edge[] = [];
  powerEdges: Edge[] = [];
  leds: { t: number; pattern: LedPattern }[] = [];
  lines: string[] = [];
  /** Each save as flash then holds it: `log` is the whole history, not only the appended events. */
  saves: PersistedState[] = [];
  /** The history "in flash": what the saves appended, newest last, HISTORY_LENGTH kept. */
  history: string[] = [];
  /** What save() returns; false simulates a failed flash write. */
  saveResult = true;
  /** Times the core gave the REPL back ("console"). */
  consoles = 0;
  /** Lines sent before the last "console" (its reply must come first). */
  linesAtConsole = -1;
  /** Times the core allowed a compaction ("compact"), with the time. */
  compacts: number[] = [];
  /** Times the core asked to restart into the firmware ("restart"). */
  restarts: number[] = [];
  /** Every output call in order, as "relay true", "send !ACT reset n=1", "save", ... */
  calls: string[] = [];
  fn: Outputs = ((what: string, value?: unknown): boolean | void | string[] => {
    this.calls.push(what === "save" || value === undefined ? what : what + " " + String(value));
    if (what === "relay") this.relay(value as boolean);
    else if (what === "power") this.power(value as boolean);
    else if (what === "led") this.led(value as LedPattern);
    else if (what === "send") this.send(value as string);
    else if (what === "save") return this.save(value as PersistedState);
    else if (what === "history") return this.history.slice();
    else if (what === "console") {
      this.consoles++;
      this.linesAtConsole = this.lines.length;
    } else if (what === "compact") this.compacts.push(this.now);
    else if (what === "restart") this.restarts.push(this.now);
    else throw new Error(`unknown output ${what}`);
  }) as Outputs;
  relay(pressed: boolean): void {
    this.relayEdges.push({ t: this.now, pressed });
  }
  power(pressed: boolean): void {
    this.powerEdges.push({ t: this.now, pressed });
  }
  led(pattern: LedPattern): void {
    this.leds.push({ t: this.now, pattern });
  }
  send(line: string): void {
    this.lines.push(line);
  }
  save(state: PersistedState): boolean {
    if (!this.saveResult) return false;
    for (const e of state.log) pushEvent(this.history, e);
    this.saves.push(JSON.parse(JSON.stringify({ ...state, log: this.history })));
    return true;
  }
  /** Presses only (edges with pressed=true), reset relay. */
  presses(): number[] {
    return this.relayEdges.filter((e) => e.pressed).map((e) => e.t);
  }
  ledNow(): LedPattern {
    return this.leds.length === 0 ? "off" : this.leds[this.leds.length - 1].pattern;
  }
}

export class MemFlash implements Flash {
  files: { [name: string]: string } = {};
  failWrites = false;
  read(name: string): string | undefined {
    return this.files[name];
  }
  write(name: string, text: string): boolean {
    if (this.failWrites) return false;
    this.files[name] = text;
    return true;
  }
  erase(name: string): void {
    delete this.files[name];
  }
}

export const CONSOLE_CODE = "4711";

export class Bench {
  out = new FakeOutputs();
  dog: Watchdog;
  constructor(opts: Partial<WatchdogOptions> = {}) {
    // A restored history is what flash held before this start.
    this.out.history = opts.restored ? opts.restored.log.slice() : [];
    this.dog = new Watchdog({
      out: this.out.fn,
      restored: null,
      corrupt: 0,
      hasPower: false,
      fw: "0.1.0",
      board: "test",
      consoleCode: CONSOLE_CODE,
      ...opts,
    });
  }
  get now(): number {
    return this.out.now;
  }
  /** Times the core gave the REPL back. */
  get consoleCalls(): number {
    return this.out.consoles;
  }
  /** Starts the board at time 0 (or `atMs`). */
  start(atMs = 0): this {
    this.out.now = atMs;
    this.dog.start(atMs);
    return this;
  }
  /** Advances the virtual clock to `toMs`, waking the core at every nextWakeMs() on the way. */
  run(toMs: number): this {
    for (let guard = 0; guard < 10000; guard++) {
      const wake = this.dog.nextWakeMs();
      if (wake < 0 || wake > toMs) break;
      this.out.now = Math.max(this.out.now, wake);
      this.dog.tick(this.out.now);
      if (guard === 9999) throw new Error("core never settles");
    }
    this.out.now = Math.max(this.out.now, toMs);
    this.dog.tick(this.out.now);
    return this;
  }
  /** Runs to `atMs`, sends `text`, returns the lines the board sent in response. */
  say(text: string, atMs = this.now): string[] {
    this.run(atMs);
    const before = this.out.lines.length;
    this.dog.input(text, this.out.now);
    return this.out.lines.slice(before);
  }
  /** A button release at `atMs`: a short (200 ms) or long (3 s) press, or one held `heldMs`. */
  button(long: boolean | number, atMs = this.now): this {
    this.run(atMs);
    this.dog.button(typeof long === "number" ? long : long ? 3000 : 200, this.out.now);
    return this;
  }
  force(atMs = this.now): this {
    this.run(atMs);
    this.dog.forceReset(this.out.now);
    return this;
  }
  /** The single reply to one request line. */
  ask(line: string, atMs = this.now): string {
    const replies = this.say(line + "\n", atMs).filter((l) => !l.startsWith("!"));
    if (replies.length !== 1) throw new Error(`expected one reply to ${line}, got ${JSON.stringify(replies)}`);
    return replies[0];
  }
  /** key=value pairs of a reply line. */
  static fields(line: string): { [k: string]: string } {
    const out: { [k: string]: string } = {};
    for (const tok of line.split(" ")) {
      const eq = tok.indexOf("=");
      if (eq > 0) out[tok.slice(0, eq)] = tok.slice(eq + 1);
    }
    return out;
  }
  status(): { [k: string]: string } {
    return Bench.fields(this.ask("STATUS"));
  }
  unsolicited(): string[] {
    return this.out.lines.filter((l) => l.startsWith("!"));
  }
}
