// The bench rig's observer: a second ESP32 DevKitC running dist/observer/esp32.js. It watches the
// DUT's relay, power-relay and LED lines and switches the DUT's supply. Wiring: docs/bench-rig.md.
import type { ObserverBoard } from "./types.ts";

const observer: ObserverBoard = {
  id: "esp32",
  name: "ESP32 DevKitC observer",
  chip: "esp32",
  serial: "Serial1",
  baud: 115200,
  // Plain inputs that float at boot and have no strapping role; the DUT side's pull resistors set
  // the level, so the observer only listens. The DUT's lines must be 3.3 V (ESP32 is not 5 V tolerant).
  watch: { relay: "D18", power: "D19", led: "D21" },
  // Gate of a logic-level N-MOSFET (or a relay driver) in the DUT's supply. GPIO23 floats at boot
  // and a 10 kΩ pull-down keeps the gate off: the DUT is unpowered until the runner sends PWR 1.
  dutPower: { pin: "D23", activeLow: false, pull: "down", pullOhms: 10000 },
};

export default observer;
