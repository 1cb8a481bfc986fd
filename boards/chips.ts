// What each chip's pins do from the moment power is applied until the firmware's first
// statement runs. The build (tools/board-check.ts) refuses a relay or power pin that is not
// quiet here, and the simulator (sim) replays this table at every power-up, so a pin
// that would click the relay on the bench clicks it in the simulation too.
//
// Sources: ESP32 datasheet (IO_MUX reset states, strapping pins), ESP8266 boot-mode notes and
// forum measurements (GPIO0/3 dip LOW at power-on, GPIO2 carries the TX1 boot log), the
// Espruino sources (ESP32 start-up sets 0, 12-15, 18, 19, 21, 22, 25-27, 34-39 to input_pullup;
// the ESP8266 port's E.enableWatchdog is a no-op), docs/espruino-dialect.md, and
// the STM32F401 reference manual (all GPIO floating inputs at reset except the debug port).
// Boot times are estimates from those sources, not bench measurements: the rig measures them.
import type { ChipId } from "./types.ts";

/**
 * A pin's level from power-on until JS runs.
 * floating: high impedance, the external pull decides; pull-up / pull-down: the chip's weak
 * (~45 kΩ) pull; high / low: actively driven; toggling: driven and changing (boot log, PWM,
 * a short dip); flash: wired to the SPI flash or PSRAM, unusable.
 */
export type BootLevel = "floating" | "pull-up" | "pull-down" | "high" | "low" | "toggling" | "flash";

export interface PinBoot {
  boot: BootLevel;
  /** The pull the interpreter itself applies when it starts, just before JS runs. */
  espruinoPull?: "up" | "down";
  /** A strapping pin: the level it must have at reset for a normal boot from flash. */
  strap?: "high" | "low";
  /** Input only (no output driver). */
  inputOnly?: boolean;
  /** Why, in a few words. */
  note?: string;
}

export interface ChipBoot {
  id: ChipId;
  name: string;
  /** Power applied → first JS statement, in ms (range over the sources; the simulator picks within it). */
  jsStartMs: { min: number; max: number };
  /** Logic level of a pin in volts; above it the pin needs a level shifter. */
  ioVolts: number;
  /** All pins tolerate 5 V (a pull-up may go to a 5 V relay module's VCC). */
  fiveVoltTolerant: boolean;
  /** Every pin a board file may name, by its Espruino name. */
  pins: Record<string, PinBoot>;
}

function esp32Pins(): Record<string, PinBoot> {
  const p: Record<string, PinBoot> = {
    D0: { boot: "pull-up", strap: "high", espruinoPull: "up", note: "BOOT button; LOW at reset = download mode" },
    D1: { boot: "toggling", note: "U0TXD: boot log at 115200" },
    D2: { boot: "pull-down", strap: "low", note: "strapping; LED on many dev boards" },
    D3: { boot: "pull-up", note: "U0RXD, the console" },
    D4: { boot: "pull-down", note: "weak pull-down at reset" },
    D5: { boot: "toggling", strap: "high", note: "strapping; outputs PWM at boot" },
    D12: { boot: "pull-down", strap: "low", espruinoPull: "up", note: "MTDI: HIGH at reset selects 1.8 V flash" },
    D13: { boot: "floating", espruinoPull: "up", note: "MTCK (JTAG, off unless enabled)" },
    D14: { boot: "toggling", espruinoPull: "up", note: "MTMS: outputs PWM at boot" },
    D15: { boot: "toggling", strap: "high", espruinoPull: "up", note: "MTDO: strapping; PWM at boot" },
    D16: { boot: "flash", note: "PSRAM on WROVER modules" },
    D17: { boot: "flash", note: "PSRAM on WROVER modules" },
    D18: { boot: "floating", espruinoPull: "up" },
    D19: { boot: "floating", espruinoPull: "up" },
    D21: { boot: "floating", espruinoPull: "up" },
    D22: { boot: "floating", espruinoPull: "up" },
    D23: { boot: "floating" },
    D25: { boot: "floating", espruinoPull: "up", note: "DAC1" },
    D26: { boot: "floating", espruinoPull: "up", note: "DAC2" },
    D27: { boot: "floating", espruinoPull: "up" },
    D32: { boot: "floating", note: "32 kHz crystal pin, unused on DevKitC" },
    D33: { boot: "floating", note: "32 kHz crystal pin, unused on DevKitC" },
  };
  for (var i = 6; i <= 11; i++) p["D" + i] = { boot: "flash", note: "SPI flash" };
  for (var i = 34; i <= 39; i++) p["D" + i] = { boot: "floating", inputOnly: true, note: "input only, no pulls" };
  return p;
}

function esp8266Pins(): Record<string, PinBoot> {
  return {
    D0: { boot: "toggling", strap: "high", note: "GPIO0 (NodeMCU D3, FLASH button): dips LOW at power-on" },
    D1: { boot: "toggling", note: "GPIO1 TX0: boot log at 74880 baud" },
    D2: { boot: "toggling", strap: "high", note: "GPIO2 (NodeMCU D4): TX1 boot output, on-board LED" },
    D3: { boot: "toggling", note: "GPIO3 RX0: HIGH, measured dipping LOW at power-on" },
    D4: { boot: "floating", note: "GPIO4 (NodeMCU D2): quiet at boot" },
    D5: { boot: "floating", note: "GPIO5 (NodeMCU D1): quiet at boot" },
    D9: { boot: "flash", note: "GPIO9 SD2: flash" },
    D10: { boot: "flash", note: "GPIO10 SD3: flash" },
    D12: { boot: "floating", note: "GPIO12 (NodeMCU D6)" },
    D13: { boot: "floating", note: "GPIO13 (NodeMCU D7)" },
    D14: { boot: "floating", note: "GPIO14 (NodeMCU D5)" },
    D15: { boot: "pull-down", strap: "low", note: "GPIO15 (NodeMCU D8): HIGH at reset = no boot" },
    D16: { boot: "high", note: "GPIO16 (NodeMCU D0): HIGH at boot, deep-sleep wake" },
  };
}

function stm32f401Pins(): Record<string, PinBoot> {
  const p: Record<string, PinBoot> = {
    A11: { boot: "flash", note: "USB D-" },
    A12: { boot: "flash", note: "USB D+" },
    A13: { boot: "pull-up", note: "SWDIO" },
    A14: { boot: "pull-down", note: "SWCLK" },
    A15: { boot: "pull-up", note: "JTDI" },
    B2: { boot: "pull-down", note: "BOOT1; Pico LED1 (red) to GND" },
    B3: { boot: "toggling", note: "JTDO/SWO: debug port output after reset" },
    B4: { boot: "pull-up", note: "NJTRST" },
    B12: { boot: "pull-down", note: "Pico LED2 (green) to GND" },
    C13: { boot: "pull-down", note: "Pico BTN1 (pressed = HIGH); held at plug-in skips saved code" },
  };
  const quiet = ["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "B0", "B1", "B5", "B6", "B7", "B8", "B9", "B10", "B13", "B14", "B15"];
  for (const name of quiet) p[name] = { boot: "floating" };
  return p;
}

/** The boot table of every chip a board file may name. */
export const CHIPS: Record<ChipId, ChipBoot> = {
  esp32: { id: "esp32", name: "ESP32 (WROOM)", jsStartMs: { min: 500, max: 1000 }, ioVolts: 3.3, fiveVoltTolerant: false, pins: esp32Pins() },
  esp8266: { id: "esp8266", name: "ESP8266 (ESP-12)", jsStartMs: { min: 400, max: 1500 }, ioVolts: 3.3, fiveVoltTolerant: false, pins: esp8266Pins() },
  stm32f401: { id: "stm32f401", name: "STM32F401 (Espruino Pico)", jsStartMs: { min: 100, max: 600 }, ioVolts: 3.3, fiveVoltTolerant: true, pins: stm32f401Pins() },
};

/**
 * Why a pin may not drive a relay on this chip, or null when it is quiet at boot: never driven,
 * never toggling, no strapping role, an output driver, and no weak pull against the relay's idle level.
 */
export function relayPinProblem(chip: ChipBoot, pin: string, idleHigh: boolean): string | null {
  const info = chip.pins[pin];
  if (!info) return `${pin} is not a known pin of ${chip.name}`;
  if (info.inputOnly) return `${pin} is input only on ${chip.name}`;
  if (info.strap) return `${pin} is a strapping pin on ${chip.name} (${info.note ?? "boot mode"})`;
  const against = idleHigh ? "pull-down" : "pull-up";
  if (info.boot === against) return `${pin} has a weak ${against} at boot on ${chip.name}, against the relay's idle level`;
  if (info.boot !== "floating" && info.boot !== "pull-up" && info.boot !== "pull-down") {
    return `${pin} is ${info.boot} during boot on ${chip.name}${info.note ? ` (${info.note})` : ""}`;
  }
  if (info.espruinoPull && (info.espruinoPull === "up") !== idleHigh) return `Espruino pulls ${pin} ${info.espruinoPull} at start, against the relay's idle level`;
  return null;
}

/** The pins of a chip that may drive a relay with the given idle level. */
export function bootQuietOutputs(chip: ChipBoot, idleHigh: boolean): string[] {
  return Object.keys(chip.pins).filter((pin) => relayPinProblem(chip, pin, idleHigh) === null);
}
