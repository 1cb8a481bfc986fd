// What a board file states. Board files are plain data so that the build (pin checks), the
// firmware bundle and the simulator all read the same facts.

/** A chip whose boot-time pin behaviour the build knows (see boards/chips.ts). */
export type ChipId = "esp32" | "esp8266" | "stm32f401";

/** External resistor the wiring must have on a line, so its level is defined before JS runs. */
export type WiringPull = "up" | "down" | "none";

export interface OutputPin {
  /** Espruino pin name, e.g. "D23" (ESP32/ESP8266) or "B4" (Pico). */
  pin: string;
  /** true: the relay module's input is active LOW (the common 5 V modules), so idle is HIGH. */
  activeLow: boolean;
  /** The pull resistor the wiring must add so the line sits at its idle level while the chip boots. */
  pull: WiringPull;
  /** Ohms of that resistor, for the docs and the simulation. */
  pullOhms?: number;
}

export interface InputPin {
  pin: string;
  /** true: pressed / asserted pulls the line LOW. */
  activeLow: boolean;
  /** Use the chip's internal pull (true) or rely on an external one. */
  internalPull: boolean;
  debounceMs: number;
}

export interface BoardFile {
  /** Short id used in dist/firmware/<id>.js and on the wire (board=). */
  id: string;
  /** Human name. */
  name: string;
  chip: ChipId;
  /** The serial object that carries heartbeats (it is also the Espruino console at boot). */
  serial: "Serial1" | "USB";
  baud: number;
  /** Reset relay (required). */
  relay: OutputPin;
  /** Power-button relay (optional: without it there is no power-cycle escalation). */
  power?: OutputPin;
  /** Status LED: solid exactly while a relay is pressed. */
  led: OutputPin;
  /**
   * The board's own button: short press shows status, long press toggles a 1 h hold, and a press
   * begun within 5 s of the start and held 10 s is the factory reset, the way out of locked=1
   * (docs/protocol.md, Board inputs). Without a button, only erasing the chip unlocks a board.
   */
  button?: InputPin;
  /** External force-reset input: asserting it presses reset at once. */
  forceReset?: InputPin;
  /** Interpreter watchdog timeout in whole seconds (E.enableWatchdog). */
  watchdogSeconds: number;
  /** Storage size in bytes, for the flash budget. */
  storageBytes: number;
}

/** The bench rig's observer board (firmware/observer): watches the DUT's lines, switches its supply. */
export interface ObserverBoard {
  /** dist/observer/<id>.js */
  id: string;
  name: string;
  chip: ChipId;
  serial: "Serial1" | "USB";
  baud: number;
  /** Observer input pins wired to the DUT's lines. Raw levels are reported; no pulls, no debounce. */
  watch: { relay: string; power: string; led: string };
  /** Switches the DUT's supply (MOSFET gate or relay): active = DUT powered. */
  dutPower: OutputPin;
}
