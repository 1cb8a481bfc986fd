// The bench's wires without the electrics: what the observer's inputs read, given the DUT's pin
// writes and whether the DUT is powered. Built from rig/wiring.ts, the same data the
// simulated bench and docs/bench-rig.md use. A relay module becomes a fixed delay (its datasheet
// operate/release times from hil-tests/targets/bench.json, the figures the runner expects), so a
// measured close − deadline is the firmware's own lateness. Pure: times are getTime() seconds.
import type { BoardFile, ObserverBoard } from "../../boards/types.ts";
import { benchWiring } from "../../rig/wiring.ts";

/** One observer input changing its raw level at `atSeconds` (getTime() seconds). */
export interface InputChange {
  pin: string;
  level: 0 | 1;
  atSeconds: number;
}

export interface RelayTimes {
  operateMs: number;
  releaseMs: number;
}

/** How one DUT pin reaches the observer. */
interface Route {
  observerPin: string;
  /** A relay module in between (its contact pulls the observer's input LOW when closed). */
  relay?: { activeLow: boolean };
}

export class VirtualWire {
  private readonly routes = new Map<string, Route>();
  /** Raw level of each observer input with the DUT unpowered (its pulls alone). */
  private readonly idle = new Map<string, 0 | 1>();
  /** Raw level of each observer input as last changed (or scheduled to change). */
  private readonly level = new Map<string, 0 | 1>();
  /** The observer pin that switches the DUT's supply, and the level that means "on". */
  readonly supplyPin: string;
  private readonly supplyOnLevel: 0 | 1;

  constructor(
    dut: BoardFile,
    observer: ObserverBoard,
    private readonly relayTimes: RelayTimes,
  ) {
    const wiring = benchWiring(dut, observer);
    const netOf = (name: string) => wiring.nets.find((n) => n.name === name);
    const observerEnd = (net: string) => netOf(net)?.ends.find((e) => e.board === "observer")?.pin;
    for (const r of wiring.relays) {
      const dutPin = netOf(r.inputNet)?.ends.find((e) => e.board === "dut")?.pin;
      const observerPin = observerEnd(r.contactNet);
      if (dutPin !== undefined && observerPin !== undefined) this.routes.set(dutPin, { observerPin, relay: { activeLow: r.activeLow } });
    }
    for (const net of wiring.nets) {
      const observerPin = net.ends.find((e) => e.board === "observer")?.pin;
      if (observerPin === undefined || net.name === wiring.supply.net) continue;
      // An open contact or an unpowered DUT: the net's pull decides (the LED's resistor pulls down).
      this.idle.set(observerPin, net.pull === "up" ? 1 : 0);
      const dutPin = net.ends.find((e) => e.board === "dut")?.pin;
      if (dutPin !== undefined && !this.routes.has(dutPin)) this.routes.set(dutPin, { observerPin });
    }
    for (const [pin, level] of this.idle) this.level.set(pin, level);
    this.supplyPin = wiring.supply.observerPin;
    this.supplyOnLevel = wiring.supply.activeLow ? 0 : 1;
  }

  /** Every observer input's raw level now (for the observer's digitalRead before any change). */
  levels(): Record<string, 0 | 1> {
    return Object.fromEntries(this.level);
  }

  /** Whether an observer write of `level` on `pin` powers the DUT (undefined: not the supply pin). */
  supplyOn(pin: string, level: 0 | 1): boolean | undefined {
    return pin === this.supplyPin ? level === this.supplyOnLevel : undefined;
  }

  /** The observer input changes a powered DUT's pin write causes; none for a pin on no wire or no change. */
  dutWrite(dutPin: string, high: boolean, atSeconds: number): InputChange[] {
    const route = this.routes.get(dutPin);
    if (route === undefined) return [];
    if (route.relay === undefined) return this.change(route.observerPin, high ? 1 : 0, atSeconds);
    const pressed = high !== route.relay.activeLow;
    const delayMs = pressed ? this.relayTimes.operateMs : this.relayTimes.releaseMs;
    return this.change(route.observerPin, pressed ? 0 : 1, atSeconds + delayMs / 1000);
  }

  /** The DUT's supply went off: relay coils drop out, its driven lines fall back to their pulls. */
  dutPowerOff(atSeconds: number): InputChange[] {
    const changes: InputChange[] = [];
    for (const route of this.routes.values()) {
      const delayMs = route.relay ? this.relayTimes.releaseMs : 0;
      changes.push(...this.change(route.observerPin, this.idle.get(route.observerPin) ?? 1, atSeconds + delayMs / 1000));
    }
    return changes;
  }

  private change(pin: string, level: 0 | 1, atSeconds: number): InputChange[] {
    if (this.level.get(pin) === level) return [];
    this.level.set(pin, level);
    return [{ pin, level, atSeconds }];
  }
}
