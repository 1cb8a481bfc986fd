// Builds the simulated bench from rig/wiring.ts: one Net per wire, each board pin on its net,
// a relay module per relay (input on the DUT's net, contact pulling the observer's input to GND),
// the DUT's supply following the observer's switch pin, and the DUT's USB bridge.
import type { BoardFile, ObserverBoard } from "../../boards/types.ts";
import { benchWiring, type Wiring } from "../wiring.ts";
import type { VirtualClock } from "../../sim/clock.ts";
import { Net, type PinAttachment } from "../../sim/electrical/net.ts";
import { RelayModule } from "../../sim/electrical/relay.ts";
import { UsbBridge, type BridgeChip } from "../../sim/electrical/usb-bridge.ts";
import type { SimBoard } from "../../sim/espruino/board.ts";

export interface BenchParts {
  wiring: Wiring;
  nets: Map<string, Net>;
  relays: Map<"relay" | "powerRelay", RelayModule>;
  bridge: UsbBridge;
  /** Drive a DUT input (button, force-reset) to its active level, or let it go. */
  assertInput(role: "button" | "forceReset", active: boolean): void;
  /** true while the observer's switch pin says "DUT powered". */
  supplyOn(): boolean;
}

export interface BenchPartsOptions {
  clock: VirtualClock;
  dut: SimBoard;
  observer: SimBoard;
  dutFile: BoardFile;
  observerFile: ObserverBoard;
  bridge: BridgeChip;
  relayOperateMs: number;
  relayReleaseMs: number;
  /** Called whenever the supply switch changes. */
  onSupply: (on: boolean) => void;
}

export function buildBench(o: BenchPartsOptions): BenchParts {
  const wiring = benchWiring(o.dutFile, o.observerFile);
  const nets = new Map<string, Net>();
  for (const w of wiring.nets) {
    const net = new Net(w.name, w.pull);
    nets.set(w.name, net);
    for (const end of w.ends) (end.board === "dut" ? o.dut : o.observer).pin(end.pin).connect(net);
  }
  const net = (name: string): Net => {
    const n = nets.get(name);
    if (!n) throw new Error(`wiring names no net "${name}"`);
    return n;
  };
  const relays = new Map<"relay" | "powerRelay", RelayModule>();
  for (const r of wiring.relays) {
    const module = new RelayModule({
      clock: o.clock,
      input: net(r.inputNet),
      activeLow: r.activeLow,
      powered: () => o.dut.powered(),
      onPowerChange: (l) => o.dut.onPowerChange(l),
      operateMs: o.relayOperateMs,
      releaseMs: o.relayReleaseMs,
    });
    const contact: PinAttachment = { drive: null, pull: "none" };
    const contactNet = net(r.contactNet);
    contactNet.attach(contact);
    module.onContact((closed) => {
      contact.drive = closed ? 0 : null;
      contactNet.update();
    });
    relays.set(r.signal, module);
  }
  const supplyNet = net(wiring.supply.net);
  const supplyOn = (): boolean => (supplyNet.level() === 1) !== wiring.supply.activeLow && !supplyNet.floating();
  supplyNet.onChange(() => o.onSupply(supplyOn()));
  const inputs = new Map<string, { attachment: PinAttachment; net: Net; activeLow: boolean }>();
  for (const i of wiring.dutInputs) {
    const attachment: PinAttachment = { drive: null, pull: "none" };
    net(i.net).attach(attachment);
    inputs.set(i.role, { attachment, net: net(i.net), activeLow: i.activeLow });
  }
  const hasIo0 = o.dutFile.chip === "esp32" || o.dutFile.chip === "esp8266";
  const bridge = new UsbBridge(o.clock, o.bridge, {
    setEnLow: (low) => o.dut.setEnLow(low),
    io0: hasIo0 ? o.dut.pin("D0").net : null,
  });
  return {
    wiring,
    nets,
    relays,
    bridge,
    supplyOn,
    assertInput(role, active) {
      const input = inputs.get(role);
      if (!input) throw new Error(`${o.dutFile.id} has no ${role} input`);
      input.attachment.drive = active ? (input.activeLow ? 0 : 1) : null;
      input.net.update();
    },
  };
}
