// Serial devices from sysfs, without udev: /sys/class/tty/<name>/device leads to the port's device
// directory; walking up from there finds the USB interface (`1-2:1.0`) and the USB device that holds
// idVendor, idProduct, serial, manufacturer and product. Roots are injectable so tests build a tree.
import { readdir, readFile, readlink, realpath } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";

export interface SysfsTty {
  /** Kernel name, e.g. "ttyUSB0". */
  name: string;
  /** Kernel driver of the port device, e.g. "ch341-uart", "cp210x", "cdc_acm". */
  driver?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  /** The USB interface's kernel name (udev `KERNELS==`), e.g. "1-2:1.0". */
  usbInterface?: string;
  /** Real path of the USB device directory (the one with idVendor). */
  usbDevicePath?: string;
}

async function readAttr(dir: string, attr: string): Promise<string | undefined> {
  try {
    const text = (await readFile(join(dir, attr), "utf8")).trim();
    return text === "" ? undefined : text;
  } catch {
    return undefined;
  }
}

async function driverName(dir: string): Promise<string | undefined> {
  try {
    return basename(await readlink(join(dir, "driver")));
  } catch {
    return undefined;
  }
}

/** Walks up from a port's device dir to the USB device (the first ancestor with idVendor). */
async function usbAncestor(deviceDir: string, sysRoot: string): Promise<{ usbDir: string; iface?: string } | undefined> {
  let dir = deviceDir;
  let iface: string | undefined;
  while (relative(sysRoot, dir) !== "" && !relative(sysRoot, dir).startsWith("..")) {
    if ((await readAttr(dir, "idVendor")) !== undefined) return { usbDir: dir, iface };
    if (iface === undefined && (await readAttr(dir, "bInterfaceNumber")) !== undefined) iface = basename(dir);
    dir = dirname(dir);
  }
  return undefined;
}

/** One tty's facts, or undefined when it is not behind a USB device (ttyS*, virtual consoles). */
async function describe(sysRoot: string, name: string): Promise<SysfsTty | undefined> {
  let deviceDir: string;
  try {
    deviceDir = await realpath(join(sysRoot, "class", "tty", name, "device"));
  } catch {
    return undefined; // no device link: a virtual terminal or pty
  }
  const usb = await usbAncestor(deviceDir, await realpath(sysRoot));
  if (usb === undefined) return undefined;
  return {
    name,
    driver: await driverName(deviceDir),
    vendorId: await readAttr(usb.usbDir, "idVendor"),
    productId: await readAttr(usb.usbDir, "idProduct"),
    serialNumber: await readAttr(usb.usbDir, "serial"),
    manufacturer: await readAttr(usb.usbDir, "manufacturer"),
    product: await readAttr(usb.usbDir, "product"),
    usbInterface: usb.iface,
    usbDevicePath: usb.usbDir,
  };
}

/** Every USB-backed tty under `<sysRoot>/class/tty`, sorted by name. */
export async function scanSysfsTtys(sysRoot: string): Promise<SysfsTty[]> {
  let names: string[];
  try {
    names = await readdir(join(sysRoot, "class", "tty"));
  } catch {
    return [];
  }
  const found = await Promise.all(names.sort().map((name) => describe(sysRoot, name)));
  return found.filter((tty): tty is SysfsTty => tty !== undefined);
}

/** Real paths of USB devices under `<sysRoot>/bus/usb/devices` whose vendor id is in `vendorIds`. */
export async function usbDevicesByVendor(sysRoot: string, vendorIds: readonly string[]): Promise<{ path: string; vendorId: string; name: string }[]> {
  const base = join(sysRoot, "bus", "usb", "devices");
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return [];
  }
  const out: { path: string; vendorId: string; name: string }[] = [];
  for (const name of names.sort()) {
    const vendorId = await readAttr(join(base, name), "idVendor");
    if (vendorId !== undefined && vendorIds.includes(vendorId.toLowerCase())) {
      out.push({ path: await realpath(join(base, name)), vendorId, name });
    }
  }
  return out;
}
