// The electrical side of one board pin: what it drives or pulls onto its net. The Espruino side
// (mode, output latch, manual flag) lives in espruino/io.ts; this only knows volts.
import { Net, type Level, type PinAttachment, type Pull } from "./net.ts";

export class BoardPin implements PinAttachment {
  drive: Level | null = null;
  pull: Pull = "none";
  private netValue: Net;
  private attached = false;

  constructor(readonly name: string) {
    this.netValue = new Net(name);
  }

  /** The net this pin is on (its own until wiring connects it). */
  get net(): Net {
    return this.netValue;
  }

  /** Put this pin on a shared net (wiring). Must happen before the pin is used. */
  connect(net: Net): void {
    this.netValue = net;
    this.attached = false;
    this.ensureAttached();
  }

  private ensureAttached(): void {
    if (this.attached) return;
    this.attached = true;
    this.netValue.attach(this);
  }

  set(drive: Level | null, pull: Pull): void {
    this.ensureAttached();
    if (drive === this.drive && pull === this.pull) return;
    this.drive = drive;
    this.pull = pull;
    this.netValue.update();
  }

  /** High impedance, no pull: an unpowered chip. */
  release(): void {
    this.set(null, "none");
  }

  level(): Level {
    this.ensureAttached();
    return this.netValue.level();
  }
}
