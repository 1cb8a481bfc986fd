// One simulated DUT on its own, without the observer: its relay modules and LED on nets with the
// board file's pulls, and a preset configuration written to flash the way the firmware stores it.
// Used by tty-board.ts (and `banken sim` / the demo through it), which paces the virtual clock
// against the wall clock with pacer.ts.
import { existsSync, readFileSync } from "node:fs";
import esp32 from "../boards/esp32.ts";
import esp8266 from "../boards/esp8266.ts";
import pico from "../boards/pico.ts";
import type { BoardFile } from "../boards/types.ts";
import { DEFAULT_CONFIG, findConfigKey, validateConfig } from "../firmware/core/config.ts";
import { saveState } from "../firmware/core/persist.ts";
import type { Config } from "../firmware/core/types.ts";
import { VirtualClock } from "./clock.ts";
import { espruinoCrc32 } from "./crc32.ts";
import { distPath } from "./dist.ts";
import { Net } from "./electrical/net.ts";
import { RelayModule } from "./electrical/relay.ts";
import { SimBoard } from "./espruino/board.ts";

export const BOARD_FILES: Record<string, BoardFile> = { esp32, esp8266, pico };

/** A mistake in the options: shown as one line, no stack. */
export class StandaloneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StandaloneError";
    this.stack = `${this.name}: ${message}`;
  }
}

export type StandaloneSignal = "relay" | "powerRelay" | "led";

export interface StandaloneOptions {
  board: string;
  seed?: number;
  /** Bundle text; default dist/firmware/<board>.js. */
  bundle?: string;
  /** Config keys to store in flash before the first boot, e.g. { timeoutMs: 20000 }. */
  config?: Partial<Record<string, number>>;
}

export interface Standalone {
  clock: VirtualClock;
  board: SimBoard;
  file: BoardFile;
  /** Called on every relay contact change and LED level change (level 1 = closed / lit). */
  onSignal(listener: (signal: StandaloneSignal, level: 0 | 1, tMs: number) => void): void;
}

export function createStandalone(opts: StandaloneOptions): Standalone {
  const file = BOARD_FILES[opts.board];
  if (!file) throw new StandaloneError(`unknown board "${opts.board}" (known: ${Object.keys(BOARD_FILES).join(", ")})`);
  let bundle = opts.bundle;
  if (bundle === undefined) {
    const path = distPath(`firmware/${file.id}.js`);
    if (!existsSync(path)) throw new StandaloneError(`no bundle at ${path}: run npm run build`);
    bundle = readFileSync(path, "utf8");
  }
  const clock = new VirtualClock();
  const board = new SimBoard({ clock, board: file, bundle, seed: opts.seed ?? 1, label: file.id });
  if (opts.config && Object.keys(opts.config).length > 0) presetConfig(board, opts.config);
  const listeners: ((signal: StandaloneSignal, level: 0 | 1, tMs: number) => void)[] = [];
  const emit = (signal: StandaloneSignal, level: 0 | 1): void => {
    for (const l of listeners) l(signal, level, clock.nowMs());
  };
  const relayPins: [StandaloneSignal, BoardFile["relay"] | undefined][] = [
    ["relay", file.relay],
    ["powerRelay", file.power],
  ];
  for (const [signal, out] of relayPins) {
    if (!out) continue;
    const net = new Net(signal, out.pull);
    board.pin(out.pin).connect(net);
    const relay = new RelayModule({ clock, input: net, activeLow: out.activeLow, powered: () => board.powered(), onPowerChange: (l) => board.onPowerChange(l) });
    relay.onContact((closed) => emit(signal, closed ? 1 : 0));
  }
  const ledNet = new Net("led", file.led.pull === "none" ? (file.led.activeLow ? "up" : "down") : file.led.pull);
  board.pin(file.led.pin).connect(ledNet);
  ledNet.onChange((level) => emit("led", (level === 1) !== file.led.activeLow ? 1 : 0));
  return { clock, board, file, onSignal: (l) => listeners.push(l) };
}

/** Store a configuration the way the firmware does (two-slot record), so the first boot uses it. */
function presetConfig(board: SimBoard, values: Partial<Record<string, number>>): void {
  const cfg: Config = { ...DEFAULT_CONFIG };
  for (const [name, value] of Object.entries(values)) {
    const key = findConfigKey(name);
    if (key === "") throw new StandaloneError(`unknown config key "${name}" (known: ${Object.keys(DEFAULT_CONFIG).join(", ")})`);
    cfg[key] = value as number;
  }
  const problem = validateConfig(cfg);
  if (problem !== "") throw new StandaloneError(`config out of range: ${problem}`);
  const flash = board.flash;
  saveState({ read: (n) => flash.read(n), write: (n, t) => flash.write(n, t), erase: (n) => flash.erase(n) }, { cfg, attempts: 0, boots: 0, log: [] }, espruinoCrc32);
}
