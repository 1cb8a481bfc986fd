// Ambient declarations of exactly the Espruino globals the firmware bundles (watchdog and
// observer) use. Only firmware/hw/* and firmware/observer/* may name them (eslint.config.js fails
// them in firmware/core and firmware/main.ts).
// The simulator (hil-tests/sim) implements this surface in a Node vm context, so keep it minimal:
// adding a global here means the simulator must provide it too.
//
// Facts checked against the Espruino sources and docs/espruino-dialect.md:
// - Every API taking a pin accepts the pin's name as a string ("D23", "B4"): the interpreter's
//   jshGetPinFromVar() looks strings of up to 4 characters up by name. So board files hold
//   strings and no Pin constructor is needed.
// - Timer ids are numbers. clearTimeout() with no argument clears EVERY timer and
//   clearTimeout(undefined) throws, so the id parameters are not optional here.
// - getTime() is float seconds since start, microsecond resolution; setTime() can make it jump.

/** An Espruino pin name, e.g. "D23" (ESP32/ESP8266) or "B4" (Pico). At most 4 characters. */
type PinName = string;

/** Restarts the interpreter after the running callback and runs the boot code again (.bootcde). */
declare function load(): void;

/** Float seconds, microsecond resolution. Can jump when someone calls setTime(). */
declare function getTime(): number;

/** Returns a numeric timer id. */
declare function setTimeout(callback: () => void, ms: number): number;
declare function setInterval(callback: () => void, ms: number): number;
/** Never call without an id: that clears all timers. */
declare function clearTimeout(id: number): void;
declare function clearInterval(id: number): void;
/** Changes the period of a running interval; the next call comes `ms` from now. */
declare function changeInterval(id: number, ms: number): void;

/** Sets the output value first, then makes the pin an output (unless pinMode made it manual). */
declare function digitalWrite(pin: PinName, value: boolean | number): void;
/** Reads the level; 1 = HIGH. */
declare function digitalRead(pin: PinName): number;
type EspruinoPinMode = "input" | "input_pullup" | "input_pulldown" | "output" | "opendrain";
/** Switching to "output" drives the pin LOW at once: for outputs use digitalWrite instead. */
declare function pinMode(pin: PinName, mode: EspruinoPinMode): void;
/** Hardware-timed pulse: `value` for `ms`, then back. */
declare function digitalPulse(pin: PinName, value: boolean | number, ms: number): void;

interface WatchEvent {
  /** Pin level after the edge. */
  state: boolean;
  /** getTime() of this edge, float seconds. */
  time: number;
  /** getTime() of the previous edge. */
  lastTime: number;
}
interface WatchOptions {
  repeat: boolean;
  edge: "rising" | "falling" | "both";
  /** ms; 0 or absent = no debounce. */
  debounce?: number;
}
/** Returns a numeric watch id. An exception in the callback does not remove the watch. */
declare function setWatch(callback: (e: WatchEvent) => void, pin: PinName, options: WatchOptions): number;
declare function clearWatch(id: number): void;

/** A serial-like device: Serial1, USB, LoopbackA, LoopbackB. */
interface EspruinoSerial {
  /** Data arrives as strings split at arbitrary points. */
  on(event: "data", callback: (data: string) => void): void;
  write(data: string): void;
  /** Make this device the console (REPL); force = keep it there across USB re-plugs. */
  setConsole(force: boolean): void;
}
interface EspruinoUart extends EspruinoSerial {
  /** flow: "none" turns software flow control (XON/XOFF) off; "xon" turns it on. */
  setup(baud: number, options: { flow: "none" | "xon" }): void;
}
declare const Serial1: EspruinoUart;
declare const USB: EspruinoSerial;
/** Whatever is written to LoopbackA comes out of LoopbackB and vice versa. */
declare const LoopbackA: EspruinoSerial;
declare const LoopbackB: EspruinoSerial;

declare const E: {
  /** Whole seconds. isAuto = false: the firmware must call kickWatchdog(). There is no disable. */
  enableWatchdog(seconds: number, isAuto: boolean): void;
  kickWatchdog(): void;
  /** Native CRC-32 (zlib's) of the string's bytes, as an unsigned number: E.CRC32("hello") = 907060870. */
  CRC32(data: string): number;
  /** Move the REPL; force keeps it there across USB re-plugs. */
  setConsole(device: EspruinoSerial, options: { force: boolean }): void;
  /** "kill": just before reset(), load(), save() or E.reboot() restart the interpreter; NOT on a watchdog reset. */
  on(event: "kill", callback: () => void): void;
};

/** The flash file system: a journal, every write appends; names are at most 28 characters. */
interface EspruinoStorage {
  /** undefined when the file does not exist. */
  read(name: string): string | undefined;
  /** false when the write failed. */
  write(name: string, data: string): boolean;
  erase(name: string): void;
  /** Bytes left before compaction is needed. */
  getFree(): number;
  /** Reclaims space from erased and rewritten files (slow; can move .bootcde). */
  compact(): void;
}
/** Call as require("Storage") directly in the bundle (rollup must not touch it). */
declare function require(name: "Storage"): EspruinoStorage;
