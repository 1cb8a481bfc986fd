// The simulated bench: the DUT and the observer as virtual Espruino boards running the built
// bundles (dist/firmware/<board>.js, dist/observer/esp32.js) on one virtual clock, wired as
// rig/wiring.ts says. The rig talks to the observer in its own line protocol (PWR, READ, E
// lines) exactly as the bench rig does; only without an observer bundle does it read the wires
// directly. Sim-only extras (power cut mid-write, interpreter restarts, DTR/RTS, memory) are
// public members of SimRig.
import esp32 from "../../boards/esp32.ts";
import esp8266 from "../../boards/esp8266.ts";
import observerEsp32 from "../../boards/observer-esp32.ts";
import pico from "../../boards/pico.ts";
import type { BoardFile, ObserverBoard } from "../../boards/types.ts";
import { parseObserverLine, readLevels, replyMicros, type ObserverLineName } from "../bench/observer-lines.ts";
import { activeLevel, signalOf } from "../bench/polarity.ts";
import type { Edge, ReceivedLine, Rig, SignalName, TargetCaps, Tolerances } from "../types.ts";
import { buildBench, type BenchParts } from "./bench-parts.ts";
import { VirtualClock } from "../../sim/clock.ts";
import type { BridgeChip, PortSettings } from "../../sim/electrical/usb-bridge.ts";
import type { ContactEdge } from "../../sim/electrical/relay.ts";
import { SimBoard, type StartKind } from "../../sim/espruino/board.ts";
import type { TearPlan } from "../../sim/espruino/flash.ts";
import { distPath, readDist } from "../../sim/dist.ts";
import { LineSplitter } from "../../sim/lines.ts";

const BOARDS: Record<string, BoardFile> = { esp32, esp8266, pico };
/** The bridge each board file's dev board usually carries; override with `bridge`. */
const DEFAULT_BRIDGE: Record<string, BridgeChip> = { esp32: "cp210x", esp8266: "ch340", pico: "native" };

export const SIM_CAPS: TargetCaps = { virtualTime: true, powerSwitch: true, interpreterRestart: true, modemLines: true, exactPowerCut: true, relayInputProbe: true };

export interface SimRigOptions {
  board: "esp32" | "pico" | "esp8266" | BoardFile;
  seed?: number;
  /** DUT bundle text; default dist/firmware/<board>.js. */
  bundle?: string;
  /** Observer bundle text; default dist/observer/esp32.js; null = read the wires directly. */
  observerBundle?: string | null;
  bridge?: BridgeChip;
  relayOperateMs?: number;
  relayReleaseMs?: number;
  /** Fixed power-on → JS time of the DUT (default: random within boards/chips.ts). */
  jsStartMs?: number;
  tolerance?: Tolerances;
}

export class SimRigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimRigError";
    this.stack = `SimRigError: ${message}`;
  }
}

export async function createSimRig(opts: SimRigOptions): Promise<SimRig> {
  const rig = new SimRig(opts);
  await rig.open();
  return rig;
}

export class SimRig implements Rig {
  readonly target = "sim" as const;
  readonly board: BoardFile;
  readonly caps = SIM_CAPS;
  readonly tolerance: Tolerances;
  readonly clock = new VirtualClock();
  readonly dut: SimBoard;
  readonly observer: SimBoard;
  readonly parts: BenchParts;
  readonly observerFile: ObserverBoard = observerEsp32;
  /** The relay contact closes this long after its input goes active, and opens this long after it goes idle. */
  readonly relayDelays: { operateMs: number; releaseMs: number };
  /** true when edges come from the observer firmware, false when read off the wires. */
  readonly viaObserver: boolean;
  private originMs = 0;
  private observerStartMs = 0;
  private received: ReceivedLine[] = [];
  private seen: Edge[] = [];
  private levels: Partial<Record<SignalName, 0 | 1>> = {};
  private observerReplies: string[] = [];
  private cutByTear = false;

  constructor(opts: SimRigOptions) {
    const file = typeof opts.board === "string" ? BOARDS[opts.board] : opts.board;
    if (!file) throw new SimRigError(`no board file "${String(opts.board)}" (known: ${Object.keys(BOARDS).join(", ")})`);
    this.board = file;
    this.tolerance = opts.tolerance ?? { timingMs: 1, replyMs: 50 };
    const seed = opts.seed ?? 1;
    const bundle = opts.bundle ?? readDist(`firmware/${file.id}.js`);
    if (bundle === null) throw new SimRigError(`no bundle for ${file.id}: run npm run build (expected ${distPath(`firmware/${file.id}.js`)})`);
    const observerBundle = opts.observerBundle === undefined ? readDist(`observer/${this.observerFile.id}.js`) : opts.observerBundle;
    this.viaObserver = observerBundle !== null;
    this.dut = new SimBoard({ clock: this.clock, board: file, bundle, seed, jsStartMs: opts.jsStartMs, label: "dut" });
    const observerAsBoard: BoardFile = { ...esp32, id: this.observerFile.id, serial: this.observerFile.serial, baud: this.observerFile.baud };
    this.observer = new SimBoard({ clock: this.clock, board: observerAsBoard, bundle: observerBundle ?? "", seed: seed + 1, label: "observer", maxChunk: 64 });
    this.relayDelays = { operateMs: opts.relayOperateMs ?? 5, releaseMs: opts.relayReleaseMs ?? 3 };
    this.parts = buildBench({
      clock: this.clock,
      dut: this.dut,
      observer: this.observer,
      dutFile: file,
      observerFile: this.observerFile,
      bridge: opts.bridge ?? DEFAULT_BRIDGE[file.id] ?? "cp210x",
      relayOperateMs: this.relayDelays.operateMs,
      relayReleaseMs: this.relayDelays.releaseMs,
      onSupply: () => this.applySupply(),
    });
    this.dut.flash.onTear = () => {
      // The cut takes the whole supply away, not just the chip: record it as a power edge.
      this.cutByTear = true;
      this.dut.powerOff();
      this.record("power", 0, this.now());
    };
    const dutLines = new LineSplitter((line) => {
      this.received.push({ t: Math.round(this.now() * 1000) / 1000, line });
    });
    this.dut.onHostOutput((text) => dutLines.push(text));
    const observerLines = new LineSplitter((line) => this.onObserverLine(line));
    this.observer.onHostOutput((text) => observerLines.push(text));
    if (!this.viaObserver) this.watchWires();
  }

  /** Power the observer, wait for READY, read the initial levels; rig time 0 is then. */
  async open(): Promise<void> {
    this.observer.powerOn();
    if (this.viaObserver) {
      this.runUntil(() => this.observerStartMs > 0, 5000, "the observer firmware did not send READY");
      const reply = this.observerCommand("READ");
      const levels = readLevels(reply);
      if (!levels) throw new SimRigError(`observer answered READ with "${reply}"`);
    } else {
      this.clock.advance(this.observer.chip.jsStartMs.max);
    }
    this.originMs = this.clock.nowMs();
    this.levels = {};
  }

  now(): number {
    return this.clock.nowMs() - this.originMs;
  }

  async powerDut(on: boolean): Promise<void> {
    if (on) this.cutByTear = false;
    if (this.viaObserver) {
      const reply = this.observerCommand(on ? "PWR 1" : "PWR 0");
      const us = replyMicros(reply);
      if (!reply.startsWith("P ") || us === undefined) throw new SimRigError(`observer answered PWR with "${reply}"`);
      this.record("power", on ? 1 : 0, this.observerMs(us));
    } else {
      this.observer.pin(this.observerFile.dutPower.pin).set(on !== this.observerFile.dutPower.activeLow ? 1 : 0, "none");
      this.record("power", on ? 1 : 0, this.now());
    }
    this.applySupply();
  }

  async wait(ms: number): Promise<void> {
    this.clock.advance(ms);
  }

  async write(bytes: string): Promise<void> {
    this.dut.hostWrite(bytes);
  }

  async request(line: string, timeoutMs?: number): Promise<string> {
    const from = this.received.length;
    this.dut.hostWrite(line + "\n");
    let reply: string | undefined;
    const found = (): boolean => {
      for (let i = from; i < this.received.length; i++) {
        const l = this.received[i].line;
        if (l.startsWith("OK") || l.startsWith("ERR")) {
          reply = l;
          return true;
        }
      }
      return false;
    };
    const limitMs = timeoutMs ?? this.tolerance.replyMs;
    this.runUntil(found, limitMs, `no reply from the DUT to "${line}"`);
    return reply as string;
  }

  lines(): ReceivedLine[] {
    return this.received.slice();
  }

  edges(): Edge[] {
    return this.seen.slice();
  }

  async close(): Promise<void> {
    this.dut.powerOff();
    this.observer.powerOff();
  }

  // ---- sim-only extras ----

  /** Cut the DUT's supply in the middle of its next flash write (default: halfway through the data). */
  cutPowerDuringNextFlashWrite(plan: TearPlan = {}): void {
    this.dut.flash.tearNextWrite(plan);
  }

  /** Cut the DUT's supply in the middle of its next Storage compaction, losing `files` (JournalFlash.tearNextCompaction). */
  cutPowerDuringNextCompaction(files: string[]): void {
    this.dut.flash.tearNextCompaction(files);
  }

  /** Leave only `freeBytes` of the DUT's Storage free until its next compaction (erased, not live, data). */
  wasteFlash(freeBytes: number): void {
    this.dut.flash.wasteSpace(freeBytes);
  }

  /** Storage compactions the DUT ran so far. */
  flashCompactions(): number {
    return this.dut.flash.compactions;
  }

  /** Restart the DUT's interpreter without a power cut, the ways a board does it. */
  restartInterpreter(kind: "watchdog" | "load" | "reset" | "reboot"): void {
    if (kind === "load" || kind === "reset") this.dut.restartInterpreter(kind);
    else this.dut.chipReset(kind);
  }

  /** Make the DUT's JS loop hang for `ms` (Infinity = until something resets it). */
  hangDut(ms: number): void {
    this.dut.hang(ms);
  }

  /** Host opens/closes the DUT's port: only the modem lines matter here, data flows regardless. */
  openPort(settings: PortSettings): void {
    this.parts.bridge.openPort(settings);
  }

  closePort(): void {
    this.parts.bridge.closePort();
  }

  /** Every interpreter start of the DUT, with its cause. */
  dutStarts(): { tMs: number; kind: StartKind }[] {
    return this.dut.starts.map((s) => ({ tMs: s.tMs - this.originMs, kind: s.kind }));
  }

  /** Contact changes of a relay module (rig time), including ones too short for the observer. */
  contactEdges(signal: "relay" | "powerRelay" = "relay"): ContactEdge[] {
    return (this.parts.relays.get(signal)?.edges ?? []).map((e) => ({ tMs: Math.round((e.tMs - this.originMs) * 1000) / 1000, closed: e.closed }));
  }

  /** Changes of a relay module's coil drive (rig time), even ones far shorter than its operate time. */
  inputEdges(signal: "relay" | "powerRelay" = "relay"): { tMs: number; active: boolean }[] {
    return (this.parts.relays.get(signal)?.inputEdges ?? []).map((e) => ({ tMs: Math.round((e.tMs - this.originMs) * 1000) / 1000, active: e.active }));
  }

  /** Press (true) or release the DUT's button / force-reset input. */
  setDutInput(role: "button" | "forceReset", active: boolean): void {
    this.parts.assertInput(role, active);
  }

  /** What the simulated DUT holds besides RAM, which is measured on the real interpreter instead. */
  memory(): {
    timers: number;
    watches: number;
    flashUsedBytes: number;
    flashFreeBytes: number;
    flashWrites: number;
  } {
    const interp = this.dut.interpreter();
    return {
      timers: interp?.timers.count() ?? 0,
      watches: interp?.io.watchCount() ?? 0,
      flashUsedBytes: this.dut.flash.usedBytes(),
      flashFreeBytes: this.dut.flash.getFree(),
      flashWrites: this.dut.flash.writes,
    };
  }

  /** Uncaught errors the DUT's interpreter logged. */
  dutErrors(): string[] {
    return this.dut.log.filter((e) => e.kind === "error").map((e) => e.message);
  }

  // ---- internals ----

  private applySupply(): void {
    const on = this.parts.supplyOn() && !this.cutByTear;
    if (on) this.dut.powerOn();
    else this.dut.powerOff();
  }

  private observerMs(us: number): number {
    return this.observerStartMs + us / 1000 - this.originMs;
  }

  private onObserverLine(raw: string): void {
    const parsed = parseObserverLine(raw);
    if (parsed === undefined) return;
    if (parsed.kind === "ready") {
      this.observerStartMs = this.clock.nowMs();
      return;
    }
    if (parsed.kind === "reply") {
      this.observerReplies.push(parsed.line);
      return;
    }
    this.onEdge(parsed.line, parsed.raw, this.observerMs(parsed.us));
  }

  private onEdge(line: ObserverLineName, raw: 0 | 1, t: number): void {
    const level = activeLevel(this.board, line, raw, "contact");
    if (level !== undefined) this.record(signalOf(line), level, t);
  }

  private watchWires(): void {
    const nets = this.parts.nets;
    const watch = (net: string, line: ObserverLineName): void => {
      nets.get(net)?.onChange((level) => this.onEdge(line, level, this.now()));
    };
    watch("relay-contact", "relay");
    watch("power-contact", "power");
    watch("led", "led");
  }

  private record(signal: SignalName, level: 0 | 1, tRaw: number): void {
    const t = Math.round(tRaw * 1000) / 1000;
    if ((this.levels[signal] ?? 0) === level) return;
    this.levels[signal] = level;
    let i = this.seen.length;
    while (i > 0 && this.seen[i - 1].t > t) i--;
    this.seen.splice(i, 0, { t, signal, level });
  }

  private observerCommand(command: string): string {
    const from = this.observerReplies.length;
    this.observer.hostWrite(command + "\n");
    this.runUntil(() => this.observerReplies.length > from, this.tolerance.replyMs, `no reply from the observer to "${command}"`);
    const reply = this.observerReplies[from];
    if (reply.startsWith("ERR")) throw new SimRigError(`observer refused "${command}": ${reply}`);
    return reply;
  }

  /** Run the clock event by event until `done()` or `limitMs` have passed. */
  private runUntil(done: () => boolean, limitMs: number, failure: string): void {
    const deadlineUs = this.clock.nowUs() + Math.round(limitMs * 1000);
    while (!done()) {
      const next = this.clock.nextUs();
      if (next < 0 || next > deadlineUs) {
        this.clock.runUntilUs(deadlineUs);
        if (!done()) throw new SimRigError(`${failure} within ${limitMs} ms`);
        return;
      }
      this.clock.runUntilUs(next);
    }
  }
}
