// The `espruino` target: the DUT bundle in the real Espruino interpreter (a Linux build, ESPRUINO_BIN),
// booting from its own flash file, Serial1 on a pty that the rig opens as the host would, every pin
// write seen through the .boot0 shim. Time is real. Power off is kill -9 (the flash file stays as it
// was), power on starts the interpreter again on the same file.
//
// What the rig sees is the DUT's pin, not a relay contact: the target's relayOperateMs and
// relayReleaseMs are 0, and edges() doubles as inputEdges(). Pins are stamped by the interpreter's
// getTime() and mapped to rig time through the shared wall clock.
import { performance } from "node:perf_hooks";
import type { BoardFile, OutputPin } from "../../boards/types.ts";
import { LinePort } from "../bench/line-port.ts";
import type { DutHandles, Edge, ReceivedLine, RestartKind, SignalName, TargetCaps, Tolerances } from "../types.ts";
import { EspruinoBoard, EspruinoError } from "./interpreter.ts";
import type { ShimRecord } from "./records.ts";
import { boot0Shim, STDIN } from "./shim.ts";
import { openOrClose } from "../open-or-close.ts";

export interface EspruinoRigOptions {
  board: BoardFile;
  /** The interpreter (ESPRUINO_BIN). */
  bin: string;
  /** The DUT bundle's text (dist/firmware/<board>.js). */
  bundle: string;
  tolerance: Tolerances;
}

export const ESPRUINO_CAPS: TargetCaps = {
  virtualTime: false,
  powerSwitch: true,
  // Its own watchdog is kill -9 and a start without a power edge; load() is the real one.
  interpreterRestart: true,
  modemLines: false,
  // A torn Storage.write: half the data written by the real Storage code, then kill -9.
  exactPowerCut: true,
  // The shim sees every pin write, however short.
  relayInputProbe: true,
};

/** Output modes: a pin switched to one of these drives its latched level (0 until written). */
const DRIVING_MODES = new Set(["output", "opendrain", "af_output", "af_opendrain"]);

interface Waiter {
  resolve: (line: string) => void;
}

/**
 * Date.now() − performance.now(), to within microseconds: read at the instant Date.now() ticks. Read
 * per rig, not once per process (performance.timeOrigin): the wall clock may be slewed against the
 * monotonic one, and over a run of minutes that adds up to milliseconds.
 */
function wallClockOrigin(): number {
  const before = Date.now();
  let now = before;
  while (now === before) now = Date.now();
  return now - performance.now();
}

const baselines = new Map<string, Promise<number>>();

/** process.memory().usage of `bin` running the shim and a program that only moves the REPL off USB (once per build). */
function baselineUsage(bin: string): Promise<number> {
  let found = baselines.get(bin);
  if (found === undefined) {
    found = (async () => {
      const esp = await EspruinoBoard.create({ bin });
      try {
        await esp.writeFlash({ ".boot0": boot0Shim({ serialPath: esp.serial.board }), ".bootcde": 'E.setConsole(LoopbackA,{force:true});' });
        await esp.powerOn();
        for (let tries = 0; ; tries++) {
          try {
            return (await esp.probe(500)).usage;
          } catch (err) {
            if (tries >= 10) throw err;
          }
        }
      } finally {
        await esp.dispose();
      }
    })();
    baselines.set(bin, found);
  }
  return found;
}

export async function createEspruinoRig(options: EspruinoRigOptions): Promise<EspruinoRig> {
  const esp = await EspruinoBoard.create({ bin: options.bin });
  return openOrClose(new EspruinoRig(options, esp));
}

export class EspruinoRig implements DutHandles {
  readonly target = "espruino" as const;
  readonly board: BoardFile;
  readonly caps = ESPRUINO_CAPS;
  readonly tolerance: Tolerances;
  /** performance.now() at rig time 0. */
  private readonly startMs = performance.now();
  /** The wall clock (getTime()'s clock) at performance.now() = 0, read when the rig opens. */
  private readonly epochAtZeroMs = wallClockOrigin();
  private port?: LinePort;
  private readonly received: ReceivedLine[] = [];
  private readonly seen: Edge[] = [];
  private readonly levels: Partial<Record<SignalName, 0 | 1>> = {};
  /** The last level written to each output pin since the interpreter started (a chip reset clears latches). */
  private latches = new Map<string, 0 | 1>();
  private readonly outputs: Array<[SignalName, OutputPin]>;
  private waiters: Waiter[] = [];
  private tearArmed = false;
  private cutting?: Promise<void>;
  /** Every interpreter start (rig ms) and how it came. */
  readonly starts: Array<{ tMs: number; kind: "power" | RestartKind }> = [];
  /** Stdout lines that were not shim records (the REPL before the firmware took it, uncaught errors). */
  readonly consoleOutput: string[] = [];

  constructor(
    private readonly options: EspruinoRigOptions,
    /** The interpreter process (the launcher), e.g. for probe(). */
    readonly esp: EspruinoBoard,
  ) {
    this.board = options.board;
    this.tolerance = options.tolerance;
    const power = options.board.power;
    this.outputs = [["relay", options.board.relay], ["led", options.board.led], ...(power ? [["powerRelay", power] as [SignalName, OutputPin]] : [])];
    esp.onRecord((r) => this.onRecord(r));
    esp.onOutput((line) => this.consoleOutput.push(line));
  }

  async open(): Promise<void> {
    await this.esp.writeFlash({ ".boot0": boot0Shim({ serialPath: this.esp.serial.board }), ".bootcde": this.options.bundle });
    this.port = await LinePort.open({
      path: this.esp.serial.host,
      baudRate: this.board.baud,
      now: () => this.now(),
      onLine: (line, atMs) => this.onDutLine(line, atMs),
      onError: () => {},
    });
  }

  now(): number {
    return performance.now() - this.startMs;
  }

  async powerDut(on: boolean): Promise<void> {
    await this.cutting;
    if (on === this.esp.running) return;
    if (on) await this.start("power");
    else await this.stop(true);
  }

  async wait(ms: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    // A torn write's power cut has happened once its record arrived: let it finish before anyone looks.
    await this.cutting;
  }

  async write(bytes: string): Promise<void> {
    await this.requirePort().write(bytes);
  }

  async request(line: string, timeoutMs?: number): Promise<string> {
    const limitMs = timeoutMs ?? this.tolerance.replyMs;
    const reply = new Promise<string>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new EspruinoError(`no reply from the DUT to "${line}" within ${limitMs} ms`));
      }, limitMs);
      this.waiters.push(waiter);
    });
    await this.requirePort().write(line + "\n");
    return reply;
  }

  lines(): ReceivedLine[] {
    return this.received.slice();
  }

  edges(): Edge[] {
    return this.seen.slice();
  }

  async close(): Promise<void> {
    await this.port?.close();
    await this.esp.dispose();
  }

  /**
   * At the end of a scenario: E.getErrorFlags() (read and cleared) and the firmware's JsVars (usage
   * minus this build's shim-only baseline), or undefined when the DUT is not running.
   */
  async endOfScenario(): Promise<{ programVars: number; usage: number; total: number; errorFlags: string[] } | undefined> {
    await this.cutting;
    if (!this.esp.running) return undefined;
    const probe = await this.esp.probe();
    const baseline = await baselineUsage(this.options.bin);
    return { programVars: probe.usage - baseline, usage: probe.usage, total: probe.total, errorFlags: probe.errorFlags };
  }

  // ---- DUT handles ----

  /** "watchdog": a chip reset (the process dies and starts again, no power edge); "load": the shim calls load(). */
  async restartInterpreter(kind: RestartKind): Promise<void> {
    if (!this.esp.running) throw new EspruinoError(`restartInterpreter("${kind}") while the DUT is off`);
    if (kind === "load") {
      this.starts.push({ tMs: this.now(), kind });
      this.esp.send(STDIN.load);
      return;
    }
    await this.stop(false);
    await this.start("watchdog");
  }

  cutPowerDuringNextFlashWrite(): void {
    if (!this.esp.running) throw new EspruinoError("cutPowerDuringNextFlashWrite while the DUT is off");
    this.tearArmed = true;
    this.esp.send(STDIN.tear);
  }

  /** The pin is what the rig sees: its edges are the relay input's. */
  inputEdges(signal: "relay" | "powerRelay"): { tMs: number; active: boolean }[] {
    return this.seen.filter((e) => e.signal === signal).map((e) => ({ tMs: e.t, active: e.level === 1 }));
  }

  // ---- internals ----

  private async start(kind: "power" | RestartKind): Promise<void> {
    this.latches = new Map();
    this.tearArmed = false;
    const atMs = this.now();
    await this.esp.powerOn();
    this.starts.push({ tMs: atMs, kind });
    if (kind === "power") this.record("power", 1, atMs);
  }

  /** kill -9. The pins go back to inputs, where the wiring's pulls hold every output idle. */
  private async stop(powerEdge: boolean): Promise<void> {
    await this.esp.powerOff();
    const atMs = this.now();
    for (const [signal] of this.outputs) this.record(signal, 0, atMs);
    if (powerEdge) this.record("power", 0, atMs);
  }

  private onRecord(r: ShimRecord): void {
    if (r.kind === "torn") {
      if (!this.tearArmed) return;
      this.tearArmed = false;
      this.cutting = this.stop(true);
      return;
    }
    if (r.kind !== "write" && r.kind !== "mode") return;
    const atMs = this.rigMs(r.epochMs);
    let level: 0 | 1 | undefined;
    if (r.kind === "write") {
      this.latches.set(r.pin, r.level);
      level = r.level;
    } else {
      level = DRIVING_MODES.has(r.mode) ? (this.latches.get(r.pin) ?? 0) : undefined;
    }
    for (const [signal, pin] of this.outputs) {
      if (pin.pin !== r.pin) continue;
      // An input mode releases the pin to the wiring's pull, which holds it idle.
      const active = level === undefined ? 0 : level === (pin.activeLow ? 0 : 1) ? 1 : 0;
      this.record(signal, active, atMs);
    }
  }

  private rigMs(epochMs: number): number {
    return Math.round((epochMs - this.epochAtZeroMs - this.startMs) * 1000) / 1000;
  }

  private record(signal: SignalName, level: 0 | 1, t: number): void {
    if ((this.levels[signal] ?? 0) === level) return;
    this.levels[signal] = level;
    let i = this.seen.length;
    while (i > 0 && this.seen[i - 1].t > t) i--;
    this.seen.splice(i, 0, { t, signal, level });
  }

  private onDutLine(line: string, atMs: number): void {
    this.received.push({ t: atMs, line });
    if (line.startsWith("OK") || line.startsWith("ERR")) this.waiters.shift()?.resolve(line);
  }

  private requirePort(): LinePort {
    if (this.port === undefined) throw new EspruinoError("the rig is not open");
    return this.port;
  }
}
