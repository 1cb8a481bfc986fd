// Test helper: builds a fake /sys, /dev and /proc under a temporary directory, shaped like a real
// machine's (symlinks and all), so the sysfs walk runs for real.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import type { PortRoots } from "../src/ports/list.ts";

const PCI = "devices/pci0000:00/0000:00:14.0/usb1";

function file(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${text}\n`);
}

function link(path: string, target: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(relative(dirname(path), target), path);
}

export interface UsbTty {
  /** USB device kernel name, e.g. "1-2". */
  usb: string;
  tty: string;
  vendorId: string;
  productId: string;
  serial?: string;
  product?: string;
  driver: string;
  /** ttyACM: the interface itself is the tty's device; ttyUSB: a port device below the interface. */
  acm?: boolean;
}

export class FakeMachine {
  readonly root = mkdtempSync(join(tmpdir(), "banken-ports-"));
  readonly roots: PortRoots = { sys: join(this.root, "sys"), dev: join(this.root, "dev"), proc: join(this.root, "proc") };

  constructor() {
    mkdirSync(join(this.roots.sys, "class", "tty"), { recursive: true });
    mkdirSync(this.roots.dev, { recursive: true });
    mkdirSync(this.roots.proc, { recursive: true });
  }

  /** A USB device, optionally with no tty bound (what brltty leaves behind). */
  usbDevice(usb: string, vendorId: string, productId: string, serial?: string, product?: string): string {
    const dir = join(this.roots.sys, PCI, usb);
    file(join(dir, "idVendor"), vendorId);
    file(join(dir, "idProduct"), productId);
    if (serial !== undefined) file(join(dir, "serial"), serial);
    if (product !== undefined) file(join(dir, "product"), product);
    link(join(this.roots.sys, "bus", "usb", "devices", usb), dir);
    return dir;
  }

  usbTty(t: UsbTty): void {
    const usbDir = this.usbDevice(t.usb, t.vendorId, t.productId, t.serial, t.product);
    const iface = join(usbDir, `${t.usb}:1.0`);
    file(join(iface, "bInterfaceNumber"), "00");
    const portDev = t.acm ? iface : join(iface, t.tty);
    mkdirSync(portDev, { recursive: true });
    link(join(portDev, "driver"), join(this.roots.sys, "bus", "usb", "drivers", t.driver));
    const classDir = join(portDev, "tty", t.tty);
    mkdirSync(classDir, { recursive: true });
    link(join(classDir, "device"), portDev);
    link(join(this.roots.sys, "class", "tty", t.tty), classDir);
    file(join(this.roots.dev, t.tty), "");
  }

  /** A tty with no USB behind it: ttyS0 on the platform bus, or a virtual terminal (no device link). */
  plainTty(tty: string, platform: boolean): void {
    const classDir = join(this.roots.sys, "devices", platform ? `platform/serial8250/tty/${tty}` : `virtual/tty/${tty}`);
    mkdirSync(classDir, { recursive: true });
    if (platform) link(join(classDir, "device"), join(this.roots.sys, "devices", "platform", "serial8250"));
    link(join(this.roots.sys, "class", "tty", tty), classDir);
  }

  devLink(path: string, tty: string): void {
    link(join(this.roots.dev, path), join(this.roots.dev, tty));
  }

  process(pid: number, comm: string): void {
    file(join(this.roots.proc, String(pid), "comm"), comm);
  }
}
