// The bench wiring as data, read from the board files: which DUT pin goes to which observer input,
// with which pull resistor, and what switches the DUT's supply. The simulated rig builds its nets
// from this; docs/bench-rig.md draws the same thing for the real bench.
//
// Relay lines are sensed at the relay CONTACT (as rig/bench/polarity.ts expects): the
// normally-open contact pulls the observer input to GND, a pull-up on the bench's always-on 3.3 V
// holds it HIGH otherwise. The LED is sensed at the DUT's LED pin. Bench pulls go to the bench's
// always-on rail, so an unpowered DUT shows its lines idle rather than at 0 V.
import type { BoardFile, ObserverBoard, WiringPull } from "../boards/types.ts";

export interface WireEnd {
  board: "dut" | "observer";
  pin: string;
}

/** One wire with everything on it. */
export interface WiringNet {
  name: string;
  ends: WireEnd[];
  /** External resistor on this wire. */
  pull: WiringPull;
  pullOhms?: number;
}

/** A relay module: its input on a DUT net, its contact on an observer net. */
export interface WiringRelay {
  signal: "relay" | "powerRelay";
  /** Net of the module's input (the DUT pin). */
  inputNet: string;
  activeLow: boolean;
  /** Net the normally-open contact pulls to GND when closed. */
  contactNet: string;
}

export interface Wiring {
  nets: WiringNet[];
  relays: WiringRelay[];
  /** The observer pin that switches the DUT's supply, and its active level. */
  supply: { observerPin: string; activeLow: boolean; net: string };
  /** DUT inputs a test may drive (button, force-reset), by role. */
  dutInputs: { role: "button" | "forceReset"; net: string; activeLow: boolean }[];
}

export function benchWiring(dut: BoardFile, observer: ObserverBoard): Wiring {
  const nets: WiringNet[] = [];
  const relays: WiringRelay[] = [];
  nets.push({ name: "relay-in", ends: [{ board: "dut", pin: dut.relay.pin }], pull: dut.relay.pull, pullOhms: dut.relay.pullOhms });
  nets.push({ name: "relay-contact", ends: [{ board: "observer", pin: observer.watch.relay }], pull: "up", pullOhms: 10000 });
  relays.push({ signal: "relay", inputNet: "relay-in", activeLow: dut.relay.activeLow, contactNet: "relay-contact" });
  // Without a power relay the observer input still has its pull-up: it reads "open" forever.
  nets.push({ name: "power-contact", ends: [{ board: "observer", pin: observer.watch.power }], pull: "up", pullOhms: 10000 });
  if (dut.power) {
    nets.push({ name: "power-in", ends: [{ board: "dut", pin: dut.power.pin }], pull: dut.power.pull, pullOhms: dut.power.pullOhms });
    relays.push({ signal: "powerRelay", inputNet: "power-in", activeLow: dut.power.activeLow, contactNet: "power-contact" });
  }
  nets.push({
    name: "led",
    ends: [
      { board: "dut", pin: dut.led.pin },
      { board: "observer", pin: observer.watch.led },
    ],
    pull: dut.led.pull === "none" ? (dut.led.activeLow ? "up" : "down") : dut.led.pull,
    // The LED and its resistor to GND (or VCC) act as a weak pull while nothing drives the pin.
    pullOhms: dut.led.pullOhms,
  });
  nets.push({ name: "supply", ends: [{ board: "observer", pin: observer.dutPower.pin }], pull: observer.dutPower.pull, pullOhms: observer.dutPower.pullOhms });
  const dutInputs: Wiring["dutInputs"] = [];
  if (dut.button) {
    nets.push({ name: "button", ends: [{ board: "dut", pin: dut.button.pin }], pull: "none" });
    dutInputs.push({ role: "button", net: "button", activeLow: dut.button.activeLow });
  }
  if (dut.forceReset) {
    nets.push({ name: "force-reset", ends: [{ board: "dut", pin: dut.forceReset.pin }], pull: "none" });
    dutInputs.push({ role: "forceReset", net: "force-reset", activeLow: dut.forceReset.activeLow });
  }
  return { nets, relays, supply: { observerPin: observer.dutPower.pin, activeLow: observer.dutPower.activeLow, net: "supply" }, dutInputs };
}
