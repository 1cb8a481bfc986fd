// The bench rig with two real interpreters in place of the two boards: the DUT's bundle and the
// observer's bundle, each booted by the espruino target's launcher (rig/espruino/) with Serial1
// on a pty: the two ports the bench target opens, as it would open /dev/ttyUSB0 and /dev/ttyUSB1.
// Between them, the virtual wire (wire.ts): the DUT's pin writes, stamped by its getTime(), reach the
// observer's inputs through the observer's stdin (observer-shim.ts). Both interpreters read the same
// system clock (getTime() is gettimeofday on Linux), so an edge keeps the moment it happened. The
// observer's supply pin is the MOSFET: on = the DUT interpreter starts on its flash file, off =
// kill -9 (a power cut, the flash file as it was at that instant). A DUT whose heartbeat port is its
// own USB (the Pico) gets a pty of its own that exists only while it is powered (native-usb-shim.ts).
import { join } from "node:path";
import type { BoardFile, ObserverBoard } from "../../boards/types.ts";
import { EspruinoBoard } from "../../rig/espruino/interpreter.ts";
import { openPtyPair, type PtyPair } from "../../rig/espruino/pty-pair.ts";
import type { ShimRecord } from "../../rig/espruino/records.ts";
import { boot0Shim } from "../../rig/espruino/shim.ts";
import { nativeUsbShim } from "./native-usb-shim.ts";
import { observerShim, wireLine } from "./observer-shim.ts";
import { VirtualWire, type InputChange, type RelayTimes } from "./wire.ts";

export interface VirtualBenchOptions {
  /** The espruino-linux binary that runs both boards (ESPRUINO_BIN). */
  espruinoBin: string;
  dut: BoardFile;
  observer: ObserverBoard;
  dutBundle: string;
  observerBundle: string;
  relay: RelayTimes;
  /** Lines worth a look: interpreter output that is no shim record, power switching. */
  log?: (line: string) => void;
}

/** Link names of a native-USB DUT's pty (in the DUT's directory). */
const USB_PTY = { board: "usb-board-tty", host: "usb-host-tty" };

/** Wall-clock ms, the clock of the interpreters' getTime() (see records.ts: epochMs). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export class VirtualBench {
  private readonly wire: VirtualWire;
  private seq = 0;
  /** Every input change delivered to the observer, in order (what its E lines must report). */
  readonly delivered: InputChange[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Power switching in order: a cut finishes before the next power-up starts. */
  private power: Promise<void> = Promise.resolve();
  private closed = false;
  /** A native-USB DUT's heartbeat pty: there only while the DUT is powered. */
  private usb?: PtyPair;

  private constructor(
    private readonly o: VirtualBenchOptions,
    private readonly dut: EspruinoBoard,
    private readonly observer: EspruinoBoard,
  ) {
    this.wire = new VirtualWire(o.dut, o.observer, o.relay);
  }

  static async start(o: VirtualBenchOptions): Promise<VirtualBench> {
    const boards: EspruinoBoard[] = [];
    try {
      const dut = await EspruinoBoard.create({ bin: o.espruinoBin });
      boards.push(dut);
      const observer = await EspruinoBoard.create({ bin: o.espruinoBin });
      boards.push(observer);
      const bench = new VirtualBench(o, dut, observer);
      await bench.open();
      return bench;
    } catch (err) {
      await Promise.all(boards.map((b) => b.dispose()));
      throw err;
    }
  }

  /** Where the bench target finds the DUT's heartbeat port (BANKEN_DUT_PORT). */
  get dutPort(): string {
    return this.nativeUsb ? join(this.dut.dir, USB_PTY.host) : this.dut.serial.host;
  }

  private get nativeUsb(): boolean {
    return this.o.dut.serial === "USB";
  }

  /** Where the bench target finds the observer (BANKEN_OBSERVER_PORT). */
  get observerPort(): string {
    return this.observer.serial.host;
  }

  /** Whether the DUT interpreter runs (its supply is on). */
  get dutPowered(): boolean {
    return this.dut.running;
  }

  /** process.memory() and E.getErrorFlags() of one interpreter (the launcher's stdin probe). */
  probe(which: "dut" | "observer"): ReturnType<EspruinoBoard["probe"]> {
    return (which === "dut" ? this.dut : this.observer).probe();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    await this.power.catch(() => undefined);
    await Promise.all([this.dut.dispose(), this.observer.dispose()]);
    await this.usb?.close();
  }

  private async open(): Promise<void> {
    const log = this.o.log ?? (() => undefined);
    const dutShim = this.nativeUsb
      ? boot0Shim({ serialPath: join(this.dut.dir, USB_PTY.board), extra: nativeUsbShim(this.o.dut.baud) })
      : boot0Shim({ serialPath: this.dut.serial.board });
    await this.dut.writeFlash({ ".boot0": dutShim, ".bootcde": this.o.dutBundle });
    const wireEnd = observerShim(this.wire.levels());
    await this.observer.writeFlash({ ".boot0": boot0Shim({ serialPath: this.observer.serial.board, extra: wireEnd }), ".bootcde": this.o.observerBundle });
    this.dut.onRecord((r) => this.onDutRecord(r));
    this.dut.onOutput((line) => log(`dut: ${line}`));
    this.observer.onRecord((r) => this.onObserverRecord(r));
    this.observer.onOutput((line) => log(`observer: ${line}`));
    // The observer is always powered (its own USB cable); the DUT waits for PWR 1.
    await this.observer.powerOn();
  }

  private onDutRecord(r: ShimRecord): void {
    // A killed DUT's last stdout may still arrive: an unpowered board drives nothing.
    if (r.kind !== "write" || !this.dut.running) return;
    this.send(this.wire.dutWrite(r.pin, r.level === 1, r.epochMs / 1000));
  }

  private onObserverRecord(r: ShimRecord): void {
    if (r.kind !== "write" || this.closed) return;
    const on = this.wire.supplyOn(r.pin, r.level);
    if (on === undefined) return;
    const atSeconds = r.epochMs / 1000;
    this.power = this.power.then(async () => {
      if (on && !this.dut.running) {
        this.o.log?.(`power: DUT on at ${atSeconds.toFixed(6)}`);
        if (this.nativeUsb) this.usb = await openPtyPair(this.dut.dir, USB_PTY);
        await this.dut.powerOn();
      } else if (!on && this.dut.running) {
        await this.dut.powerOff();
        await this.usb?.close();
        this.usb = undefined;
        this.o.log?.(`power: DUT cut at ${atSeconds.toFixed(6)}`);
        this.send(this.wire.dutPowerOff(atSeconds));
      }
    });
  }

  /** Each change reaches the observer when it happens (a relay contact moves after its delay). */
  private send(changes: InputChange[]): void {
    for (const c of changes) {
      const t = setTimeout(
        () => {
          this.timers.delete(t);
          if (!this.observer.running) return;
          this.observer.send(wireLine(++this.seq, c.pin, c.level, c.atSeconds));
          this.delivered.push(c);
        },
        Math.max(0, c.atSeconds * 1000 - epochMs()),
      );
      this.timers.add(t);
    }
  }
}
