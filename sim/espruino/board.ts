// A whole simulated Espruino board: supply, chip boot phase, pins, flash (kept across power
// cycles), the interpreter's lives, its own watchdog, and the host serial port. Everything runs
// on the shared VirtualClock; nothing here sleeps.
import type { BoardFile } from "../../boards/types.ts";
import { CHIPS, type ChipBoot } from "../../boards/chips.ts";
import type { ClockEvent, VirtualClock } from "../clock.ts";
import { enterJs, pinNamesOf, softResetPins, startBootPhase, strapProblem } from "../electrical/chip-boot.ts";
import { BoardPin } from "../electrical/pin.ts";
import { Rng } from "../rng.ts";
import { JournalFlash } from "./flash.ts";
import { Interpreter, type BoardServices } from "./interpreter.ts";
import type { DeviceName } from "./serial.ts";

export type BoardPhase = "off" | "boot" | "running" | "reset-held" | "download";
export type StartKind = "power-on" | "watchdog" | "en-reset" | "reboot" | "reset" | "load";

export interface BoardLogEntry {
  tMs: number;
  kind: "error" | "info";
  message: string;
}

export interface SimBoardOptions {
  clock: VirtualClock;
  board: BoardFile;
  /** Seed for boot time and serial chunking. */
  seed?: number;
  /** Written to .bootcde before the first power-up, as `espruino --config SAVE_ON_SEND=1` would. */
  bundle?: string;
  /** Fixed power-on → JS time; default: random within the chip table's range. */
  jsStartMs?: number;
  /** How long pinMode("output") drives LOW before the latch shows (µs). */
  glitchUs?: number;
  /** Largest chunk the serial port hands to a data handler. */
  maxChunk?: number;
  /** Board label in logs (e.g. "dut", "observer"). */
  label?: string;
}

const JS_VARS: Record<string, number> = { esp32: 16383, esp8266: 1600, stm32f401: 5000 };

export class SimBoard {
  readonly clock: VirtualClock;
  readonly file: BoardFile;
  readonly chip: ChipBoot;
  readonly flash: JournalFlash;
  readonly label: string;
  readonly log: BoardLogEntry[] = [];
  /** Every interpreter start, with its cause. */
  readonly starts: { tMs: number; kind: StartKind }[] = [];
  private pins = new Map<string, BoardPin>();
  private rng: Rng;
  private phaseValue: BoardPhase = "off";
  private interp: Interpreter | null = null;
  private stopBoot: (() => void) | null = null;
  private bootEvent: ClockEvent | null = null;
  private epochUs = 0;
  private timeOffsetS = 0;
  private serialFreeAtUs = 0;
  private outputListeners: ((text: string) => void)[] = [];
  private powerListeners: (() => void)[] = [];
  private watchdog: { timeoutUs: number; isAuto: boolean; lastKickUs: number; event: ClockEvent } | null = null;
  private enLow = false;
  private pendingRestart: ClockEvent | null = null;
  private readonly jsStartMs?: number;
  private readonly glitchUs: number;
  private readonly maxChunk: number;
  private readonly hostDevice: DeviceName;

  constructor(opts: SimBoardOptions) {
    this.clock = opts.clock;
    this.file = opts.board;
    this.chip = CHIPS[opts.board.chip];
    this.label = opts.label ?? opts.board.id;
    this.rng = new Rng(opts.seed ?? 1);
    this.flash = new JournalFlash(opts.board.storageBytes);
    this.flash.onTear = (err) => {
      this.note("info", `power cut during flash write: ${err.message}`);
      this.powerOff();
    };
    this.jsStartMs = opts.jsStartMs;
    this.glitchUs = opts.glitchUs ?? 20;
    this.maxChunk = opts.maxChunk ?? 16;
    this.hostDevice = opts.board.serial === "USB" ? "USB" : "Serial1";
    for (const name of pinNamesOf(this.chip)) this.pins.set(name, new BoardPin(name));
    if (opts.bundle !== undefined && !this.flash.write(".bootcde", opts.bundle)) {
      throw new Error(`${this.label}: the bundle (${opts.bundle.length} bytes) does not fit in ${opts.board.storageBytes} bytes of Storage`);
    }
  }

  phase(): BoardPhase {
    return this.phaseValue;
  }

  powered(): boolean {
    return this.phaseValue !== "off";
  }

  /** The current interpreter life, or null while off, booting or held in reset. */
  interpreter(): Interpreter | null {
    return this.interp;
  }

  pin(name: string): BoardPin {
    const p = this.pins.get(name);
    if (!p) throw new Error(`${this.label}: ${this.chip.name} has no pin ${name}`);
    return p;
  }

  pinNames(): string[] {
    return [...this.pins.keys()];
  }

  /** Called after every power-on and power-off of this board. */
  onPowerChange(listener: () => void): void {
    this.powerListeners.push(listener);
  }

  onHostOutput(listener: (text: string) => void): void {
    this.outputListeners.push(listener);
  }

  // ---- supply and resets ----

  powerOn(): void {
    if (this.powered()) return;
    this.startChip("power-on");
    for (const l of this.powerListeners) l();
  }

  powerOff(): void {
    if (!this.powered()) return;
    this.stopEverything();
    this.phaseValue = "off";
    for (const p of this.pins.values()) p.release();
    this.note("info", "power off");
    for (const l of this.powerListeners) l();
  }

  /** The EN line (ESP32 CHIP_PU / RST): held LOW keeps the chip in reset; releasing it boots. */
  setEnLow(low: boolean): void {
    if (low === this.enLow) return;
    this.enLow = low;
    if (!this.powered()) return;
    if (low) {
      this.stopEverything();
      this.phaseValue = "reset-held";
      for (const p of this.pins.values()) p.release();
    } else this.startChip("en-reset");
  }

  /** A chip reset without power loss (watchdog panic, E.reboot). */
  chipReset(kind: StartKind): void {
    if (!this.powered()) return;
    this.stopEverything();
    this.startChip(kind);
  }

  /** Model a stuck JS loop for `ms` (Infinity: forever). The interpreter's watchdog then bites. */
  hang(ms: number): void {
    this.interp?.hangUntil(this.clock.nowUs() + ms * 1000);
  }

  /** reset() or load() as the REPL or firmware would call them. */
  restartInterpreter(kind: "reset" | "load"): void {
    if (this.phaseValue !== "running") return;
    this.interp?.emitKill();
    this.interp?.kill();
    this.interp = null;
    softResetPins(this.chip, (n) => this.pin(n));
    this.startInterpreter(kind);
  }

  // ---- host serial port ----

  /** Bytes from the host: delivered at the port's byte rate in seeded random chunks. */
  hostWrite(text: string): void {
    const byteUs = this.hostDevice === "USB" ? 0 : 10e6 / this.file.baud;
    let i = 0;
    let atUs = Math.max(this.clock.nowUs(), this.serialFreeAtUs);
    while (i < text.length) {
      const n = Math.min(text.length - i, this.rng.int(1, this.maxChunk));
      const chunk = text.slice(i, i + n);
      i += n;
      atUs += n * byteUs;
      this.clock.at(atUs, () => this.receive(chunk));
    }
    this.serialFreeAtUs = atUs;
  }

  private receive(chunk: string): void {
    if (this.phaseValue === "running" && this.interp) this.interp.hostInput(chunk);
  }

  // ---- internals ----

  private note(kind: "error" | "info", message: string): void {
    this.log.push({ tMs: this.clock.nowMs(), kind, message });
  }

  private stopEverything(): void {
    this.stopBoot?.();
    this.stopBoot = null;
    this.bootEvent?.cancel();
    this.bootEvent = null;
    this.pendingRestart?.cancel();
    this.pendingRestart = null;
    this.interp?.kill();
    this.interp = null;
    this.watchdog?.event.cancel();
    this.watchdog = null;
  }

  private startChip(kind: StartKind): void {
    this.epochUs = this.clock.nowUs();
    this.timeOffsetS = 0;
    if (this.enLow) {
      this.phaseValue = "reset-held";
      return;
    }
    this.phaseValue = "boot";
    const pinOf = (n: string) => this.pin(n);
    this.stopBoot = startBootPhase(this.clock, this.chip, pinOf);
    const strap = strapProblem(this.chip, pinOf);
    if (strap) {
      this.stopBoot();
      this.stopBoot = null;
      this.phaseValue = "download";
      this.note("info", `no boot from flash: ${strap}`);
      return;
    }
    const range = this.chip.jsStartMs;
    const bootMs = this.jsStartMs ?? range.min + this.rng.next() * (range.max - range.min);
    this.bootEvent = this.clock.after(bootMs * 1000, () => {
      this.bootEvent = null;
      this.stopBoot?.();
      this.stopBoot = null;
      enterJs(this.chip, pinOf);
      this.phaseValue = "running";
      this.startInterpreter(kind);
    });
  }

  private startInterpreter(kind: StartKind): void {
    this.starts.push({ tMs: this.clock.nowMs(), kind });
    const interp = new Interpreter(this.services());
    this.interp = interp;
    if (kind === "reset") return;
    const saved = this.flash.read(".varimg");
    if (saved !== undefined) interp.runFlashCode(saved, ".varimg");
    const boot = this.flash.read(".bootcde");
    if (boot !== undefined && interp.alive()) interp.runFlashCode(boot, ".bootcde");
    if (interp.alive()) interp.emitInit();
  }

  private services(): BoardServices {
    return {
      clock: this.clock,
      boardId: this.file.id,
      chip: this.chip.id,
      hostDevice: this.hostDevice,
      pin: (n) => this.pin(n),
      pinNames: () => this.pinNames(),
      flash: this.flash,
      glitchUs: this.glitchUs,
      jsVarsTotal: JS_VARS[this.chip.id] ?? 5000,
      timeAt: (us) => (us - this.epochUs) / 1e6 + this.timeOffsetS,
      setTime: (s) => {
        this.timeOffsetS = s - (this.clock.nowUs() - this.epochUs) / 1e6;
      },
      hostOut: (text) => {
        if (this.phaseValue === "running") for (const l of this.outputListeners) l(text);
      },
      log: (kind, message) => this.note(kind, message),
      enableWatchdog: (seconds, isAuto) => this.enableWatchdog(seconds, isAuto),
      kickWatchdog: () => {
        if (this.watchdog) this.watchdog.lastKickUs = this.clock.nowUs();
      },
      restart: (kind) => {
        // Espruino acts on reset()/load() when the current callback has returned.
        this.pendingRestart?.cancel();
        this.pendingRestart = this.clock.after(0, () => {
          this.pendingRestart = null;
          this.restartInterpreter(kind);
        });
      },
      reboot: () => {
        this.clock.after(0, () => {
          this.interp?.emitKill();
          this.chipReset("reboot");
        });
      },
    };
  }

  private enableWatchdog(seconds: number, isAuto: boolean): void {
    if (this.chip.id === "esp8266") {
      this.note("info", "E.enableWatchdog is a no-op on the ESP8266 port");
      return;
    }
    const timeoutUs = Math.max(1, Math.round(seconds)) * 1e6;
    this.watchdog?.event.cancel();
    const wd = { timeoutUs, isAuto, lastKickUs: this.clock.nowUs(), event: null as unknown as ClockEvent };
    this.watchdog = wd;
    const check = (): void => {
      const now = this.clock.nowUs();
      // isAuto: the idle loop kicks, so only a stuck loop lets it run out.
      if (wd.isAuto && this.interp && !this.interp.busy()) wd.lastKickUs = now;
      if (now - wd.lastKickUs >= wd.timeoutUs) {
        this.note("info", "interpreter watchdog expired: chip reset");
        this.chipReset("watchdog");
        return;
      }
      wd.event = this.clock.at(wd.lastKickUs + wd.timeoutUs, check);
    };
    wd.event = this.clock.at(wd.lastKickUs + timeoutUs, check);
  }
}
