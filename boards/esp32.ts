// ESP32 DevKitC (WROOM-32) on the Espruino ESP32 build. The host's heartbeats arrive on Serial1
// (UART0 through the on-board USB bridge, GPIO1/GPIO3), which is also the console at boot.
// Pins are checked against boards/chips.ts at build time.
import type { BoardFile } from "./types.ts";

const board: BoardFile = {
  id: "esp32",
  name: "ESP32 DevKitC",
  chip: "esp32",
  serial: "Serial1",
  baud: 115200,
  // GPIO25 floats during boot and Espruino pulls it up at start: with the common active-LOW
  // relay module and a 10 kΩ pull-up to 3.3 V the relay stays off from power-on to JS.
  // The ESP32 is not 5 V tolerant: pull up to 3.3 V, and use a module whose input works at 3.3 V.
  relay: { pin: "D25", activeLow: true, pull: "up", pullOhms: 10000 },
  // GPIO26: same reasons as the relay, next pin on the header.
  power: { pin: "D26", activeLow: true, pull: "up", pullOhms: 10000 },
  // The DevKitC has no user LED: an external LED with its resistor to GND on GPIO32, which
  // floats at boot (no strap, no Espruino pull), so the LED stays dark until JS drives it.
  led: { pin: "D32", activeLow: false, pull: "none" },
  // The BOOT button (GPIO0, pressed = LOW, pulled up on the board). Only read after boot:
  // holding it at power-on enters the ROM download mode, as on every ESP32. So the factory reset
  // (locked=1's way out) is: plug in, wait ~1 s, then hold BOOT for 10 s.
  button: { pin: "D0", activeLow: true, internalPull: true, debounceMs: 50 },
  // GPIO33: an input that floats at boot; the internal pull-up keeps it inactive, a contact to GND asserts it.
  forceReset: { pin: "D33", activeLow: true, internalPull: true, debounceMs: 50 },
  // The task watchdog resets the chip if the main timer stops kicking for 10 s.
  watchdogSeconds: 10,
  storageBytes: 917504,
};

export default board;
