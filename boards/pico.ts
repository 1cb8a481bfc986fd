// Espruino Pico (STM32F401). Heartbeats arrive on USB (the board's own USB CDC port), which is
// also the console at boot. Pins are checked against boards/chips.ts at build time.
// Note: the STM32 cannot watch two pins with the same number (e.g. A5 and B5): the button (C13)
// and the force-reset input (B8) use different numbers.
import type { BoardFile } from "./types.ts";

const board: BoardFile = {
  id: "pico",
  name: "Espruino Pico",
  chip: "stm32f401",
  serial: "USB",
  baud: 115200,
  // B6 floats from reset until JS runs (not a debug or USB pin). Every Pico pin is 5 V tolerant,
  // so the 10 kΩ pull-up can go to the relay module's own 5 V VCC: the module's input LED then
  // sees no voltage at all and the relay is certainly off.
  relay: { pin: "B6", activeLow: true, pull: "up", pullOhms: 10000 },
  // B7: same reasons, the neighbouring pin.
  power: { pin: "B7", activeLow: true, pull: "up", pullOhms: 10000 },
  // LED1 (red, B2) on the board, to GND through its resistor: dark until JS drives it.
  led: { pin: "B2", activeLow: false, pull: "none" },
  // BTN1 (C13), pressed = HIGH. Holding it while plugging in skips the saved code (Espruino's own
  // recovery: a REPL without banken). Factory reset: press it just after plug-in and hold 10 s.
  button: { pin: "C13", activeLow: false, internalPull: true, debounceMs: 50 },
  // B8: floats at reset; internal pull-up, a contact to GND asserts it.
  forceReset: { pin: "B8", activeLow: true, internalPull: true, debounceMs: 50 },
  // The STM32 independent watchdog: 10 s without a kick resets the chip.
  watchdogSeconds: 10,
  storageBytes: 49152,
};

export default board;
