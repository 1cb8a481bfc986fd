// Everything the core drives, as the one dispatcher the core's Outputs interface asks for: each
// function costs JsVars on the board, so relays, LED blinking, replies, flash and the console
// hand-back share one function (plus the LED's blink step and the release that E.on("kill") runs).
// The first thing createOutputs does is put every output at its idle level (pins.ts), before flash
// is read or anything else can fail.
// The LED blinks through one interval at LED_STEP_MS, running only while the pattern blinks.
// Flash: require("Storage") is passed to the core as is, with the native E.CRC32 (persist.ts); it is
// called directly: importing it through rollup left Storage.write undefined. The core asks for
// compaction ("compact") only when idle, and for a restart into the firmware ("restart": load())
// when a console hand-off runs out.
// reset() and load() (a re-flash sends both) do not reset the pins and need not run this code soon
// (or at all), so E.on("kill") releases everything first; a chip reset (power-up, its own watchdog)
// reverts the pins to inputs, where the board file's pull resistor holds the relay idle.
// Module state and top-level functions, no closures: see clock.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- Espruino needs the direct call */
import type { OutputPin } from "../../boards/types.ts";
import { compactIfLow, loadHistory, saveState } from "../core/persist.ts";
import type { HistoryEvent, LedPattern, PersistedState } from "../core/types.ts";
import { driveNamed } from "./pins.ts";
import { ledPattern, LED_STEP_MS } from "./led-patterns.ts";

// Each pin as its name and polarity (1 = active LOW), not the board file's object: fewer JsVars.
// powerPin is "" without a power relay.
let relayPin = "";
let relayLow = 0;
let powerPin = "";
let powerLow = 0;
let ledPin = "";
let ledLow = 0;
let replyPort: EspruinoSerial;
let ledSteps = "0";
let ledIndex = 0;
let ledTimerId = -1;

/** Every output idle (relays open, LED dark). */
function release(): void {
  driveNamed(relayPin, relayLow, false);
  if (powerPin !== "") driveNamed(powerPin, powerLow, false);
  driveNamed(ledPin, ledLow, false);
}

function blink(): void {
  ledIndex = (ledIndex + 1) % ledSteps.length;
  driveNamed(ledPin, ledLow, ledSteps.charAt(ledIndex) === "1");
}

/** The core's dispatcher (Outputs: see core/types.ts for `what`), once createOutputs() ran. */
export function outputs(what: string, value?: unknown): boolean | void | HistoryEvent[] {
  if (what === "send") {
    replyPort.write(value + "\n");
  } else if (what === "save") {
    return saveState(require("Storage"), value as PersistedState, E.CRC32);
  } else if (what === "history") {
    return loadHistory(require("Storage"), E.CRC32);
  } else if (what === "led") {
    if (ledTimerId !== -1) clearInterval(ledTimerId);
    ledTimerId = -1;
    ledSteps = ledPattern(value as LedPattern);
    ledIndex = 0;
    driveNamed(ledPin, ledLow, ledSteps.charAt(0) === "1");
    if (ledSteps.length > 1) ledTimerId = setInterval(blink, LED_STEP_MS);
  } else if (what === "console") {
    E.setConsole(replyPort, { force: true });
  } else if (what === "compact") {
    compactIfLow(require("Storage"));
  } else if (what === "restart") {
    load();
  } else if (what === "relay") {
    driveNamed(relayPin, relayLow, value === true);
  } else if (powerPin !== "") {
    driveNamed(powerPin, powerLow, value === true);
  }
}

/**
 * Releases every output at once (and again on E.on("kill")); then `outputs` drives them. The
 * heartbeat port carries replies and gets the REPL back on "console".
 */
export function createOutputs(relay: OutputPin, power: OutputPin | undefined, led: OutputPin, heartbeatPort: EspruinoSerial): void {
  relayPin = relay.pin;
  relayLow = relay.activeLow ? 1 : 0;
  powerPin = power ? power.pin : "";
  powerLow = power && power.activeLow ? 1 : 0;
  ledPin = led.pin;
  ledLow = led.activeLow ? 1 : 0;
  replyPort = heartbeatPort;
  ledSteps = "0";
  ledIndex = 0;
  ledTimerId = -1;
  release();
  E.on("kill", release);
}
