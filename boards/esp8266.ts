// ESP8266 NodeMCU (ESP-12) on the Espruino ESP8266 4 MB build. Heartbeats arrive on Serial1
// (UART0 through the USB bridge), which is also the console at boot. Espruino names pins by
// GPIO number ("D5" = GPIO5), not by the NodeMCU silkscreen ("D1"); both are given below.
// Pins are checked against boards/chips.ts at build time. Only GPIO4 and GPIO5 are certainly
// quiet at boot on this chip: 0, 1, 2, 3 toggle or dip, 15 and 16 are strapped or driven.
import type { BoardFile } from "./types.ts";

const board: BoardFile = {
  id: "esp8266",
  name: "ESP8266 NodeMCU",
  chip: "esp8266",
  serial: "Serial1",
  baud: 115200,
  // GPIO5 (silkscreen D1) floats at boot; a 10 kΩ pull-up to 3.3 V keeps an active-LOW relay
  // module off until JS runs. Not 5 V tolerant: use a module whose input works at 3.3 V.
  relay: { pin: "D5", activeLow: true, pull: "up", pullOhms: 10000 },
  // GPIO4 (silkscreen D2): the only other pin quiet at boot.
  power: { pin: "D4", activeLow: true, pull: "up", pullOhms: 10000 },
  // External LED on GPIO14 (silkscreen D5) to GND. Not the on-board LED on GPIO2: it flickers
  // with the boot log, which would look like "pressing" to a person and to the bench observer.
  led: { pin: "D14", activeLow: false, pull: "none" },
  // The FLASH button (GPIO0, silkscreen D3), pressed = LOW, pulled up on the board; read only after boot
  // (held at power-on it enters the flash mode). Factory reset: plug in, wait ~1 s, hold FLASH 10 s.
  button: { pin: "D0", activeLow: true, internalPull: true, debounceMs: 50 },
  // GPIO12 (silkscreen D6): internal pull-up, a contact to GND asserts it.
  forceReset: { pin: "D12", activeLow: true, internalPull: true, debounceMs: 50 },
  // The Espruino ESP8266 port ignores E.enableWatchdog (it only logs); the SDK's own hardware
  // watchdog still resets a stuck loop. Kept for a uniform main loop.
  watchdogSeconds: 10,
  // 48 pages of 4 KB (boards/ESP8266_4MB.py in the Espruino sources).
  storageBytes: 196608,
};

export default board;
