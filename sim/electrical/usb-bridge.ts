// The USB-serial bridge and the auto-reset circuit behind it (ESP32 DevKitC, NodeMCU: two
// cross-coupled transistors, as esptool expects). EN is pulled LOW only while RTS is asserted and
// DTR is not; IO0 only while DTR is asserted and RTS is not. EN has an RC, so a transient shorter
// than EN_RESET_US does nothing, and one USB request apart (~1 ms) is plenty to reset the chip.
//
// What the host side does (see host-agent/src/serial/modem-lines.ts for the same facts):
// - open: Linux raises DTR and RTS together. cp210x sends both in one request. The CH340 raises RTS
//   ~2.4 ms before DTR when the lines come up from deasserted: its well-known reset pulse. With
//   HUPCL set the lines drop on every close, so every open is such a "first open"; with HUPCL
//   cleared they stay up and only the first open after plug-in pulses.
// - settings.dtr/rts: what the program sets after open. serialport's set() is one TIOCMSET (both
//   lines in one request); `sequential: true` models programs that set DTR, then RTS, in two
//   requests (pyserial/miniterm style).
// - close: with HUPCL both lines drop together; without, they stay as they are.
// Native USB (Espruino Pico): the lines are a control request with no wire behind them.
import type { ClockEvent, VirtualClock } from "../clock.ts";
import type { Net, PinAttachment } from "./net.ts";

export type BridgeChip = "cp210x" | "ch340" | "native";

export interface PortSettings {
  hupcl: boolean;
  dtr?: boolean;
  rts?: boolean;
  /** The program sets DTR and RTS in two requests (DTR first). */
  sequential?: boolean;
}

export const EN_RESET_US = 100;
export const USB_REQUEST_US = 1000;
export const CH340_RTS_LEAD_US = 2400;

export interface BridgeTarget {
  /** Hold the chip's EN low (true) or release it (false). */
  setEnLow(low: boolean): void;
  /** The net of the chip's IO0 / GPIO0 strapping pin, or null (no auto-reset circuit). */
  io0: Net | null;
}

export class UsbBridge {
  private dtr = false;
  private rts = false;
  private isOpen = false;
  private closeHupcl = true;
  private enLowSince: ClockEvent | null = null;
  private enHeld = false;
  private readonly io0Driver: PinAttachment = { drive: null, pull: "none" };
  /** Every line change, for tests and charts. */
  readonly history: { tMs: number; dtr: boolean; rts: boolean }[] = [];
  /** Times the chip was put into reset by the lines. */
  resets = 0;

  constructor(
    private readonly clock: VirtualClock,
    readonly chip: BridgeChip,
    private readonly target: BridgeTarget,
  ) {
    target.io0?.attach(this.io0Driver);
  }

  lines(): { dtr: boolean; rts: boolean } {
    return { dtr: this.dtr, rts: this.rts };
  }

  open(): boolean {
    return this.isOpen;
  }

  /** The host opens the port. Line changes happen on the clock; advance it to see their effect. */
  openPort(settings: PortSettings): void {
    if (this.isOpen) throw new Error("the port is already open");
    this.isOpen = true;
    this.closeHupcl = settings.hupcl;
    let atUs = this.clock.nowUs();
    if (!this.dtr || !this.rts) {
      if (this.chip === "ch340" && !this.dtr && !this.rts) {
        this.setAt(atUs, this.dtr, true);
        atUs += CH340_RTS_LEAD_US;
      }
      this.setAt(atUs, true, true);
      atUs += USB_REQUEST_US;
    }
    const dtr = settings.dtr ?? true;
    const rts = settings.rts ?? true;
    if (settings.dtr === undefined && settings.rts === undefined) return;
    if (settings.sequential) {
      this.setAt(atUs, dtr, true);
      atUs += USB_REQUEST_US;
    }
    this.setAt(atUs, dtr, rts);
  }

  closePort(): void {
    if (!this.isOpen) throw new Error("the port is not open");
    this.isOpen = false;
    if (this.closeHupcl) this.setAt(this.clock.nowUs() + USB_REQUEST_US, false, false);
  }

  /** Unplug and re-plug: the bridge forgets its lines (the next open is a "first open"). */
  replug(): void {
    this.isOpen = false;
    this.setAt(this.clock.nowUs(), false, false);
  }

  private setAt(atUs: number, dtr: boolean, rts: boolean): void {
    this.clock.at(atUs, () => this.setLines(dtr, rts));
  }

  private setLines(dtr: boolean, rts: boolean): void {
    if (dtr === this.dtr && rts === this.rts) return;
    this.dtr = dtr;
    this.rts = rts;
    this.history.push({ tMs: this.clock.nowMs(), dtr, rts });
    if (this.chip === "native") return;
    const enLow = rts && !dtr;
    const io0Low = dtr && !rts;
    this.io0Driver.drive = io0Low ? 0 : null;
    this.target.io0?.update();
    if (enLow && !this.enLowSince && !this.enHeld) {
      this.enLowSince = this.clock.after(EN_RESET_US, () => {
        this.enLowSince = null;
        this.enHeld = true;
        this.resets++;
        this.target.setEnLow(true);
      });
    } else if (!enLow) {
      this.enLowSince?.cancel();
      this.enLowSince = null;
      if (this.enHeld) {
        this.enHeld = false;
        this.target.setEnLow(false);
      }
    }
  }
}
