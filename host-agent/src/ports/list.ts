// `banken ports` data: candidate serial devices with their stable paths, USB identity and bridge kind.
// SerialPort.list() needs udevadm; where it is missing (containers, rescue systems) it rejects
// asynchronously with ENOENT, so we always read sysfs and /dev/serial ourselves and use the library's
// answer only to add what sysfs lacked.
import { basename, join } from "node:path";
import { BRLTTY_VENDOR_IDS, WCH_VENDOR_ID, bridgeKind } from "./bridges.ts";
import type { BridgeKind } from "./bridges.ts";
import { brlttyRunning } from "./brltty.ts";
import { readDevLinks } from "./dev-links.ts";
import { tryLibraryList } from "./library-list.ts";
import type { LibraryLister } from "./library-list.ts";
import { scanSysfsTtys, usbDevicesByVendor } from "./sysfs.ts";

export interface PortRoots {
  /** "/sys" in production. */
  sys: string;
  /** "/dev" in production. */
  dev: string;
  /** "/proc" in production. */
  proc: string;
}

export const SYSTEM_ROOTS: PortRoots = { sys: "/sys", dev: "/dev", proc: "/proc" };

export interface PortCandidate {
  /** Kernel node, e.g. "/dev/ttyUSB0". */
  device: string;
  /** The path to put in the config: /dev/banken, else by-id (unique serial), else by-path, else device. */
  stablePath: string;
  byId: string[];
  byPath: string[];
  /** /dev/banken points here. */
  isBanken: boolean;
  bridge: BridgeKind;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  driver?: string;
  /** USB interface kernel name, for a udev rule when there is no serial number. */
  usbInterface?: string;
}

export interface PortsReport {
  ports: PortCandidate[];
  /** Human notes: brltty, bridges without a tty, why a name was chosen. */
  notes: string[];
}

/** The stable name to recommend: by-id collides for CH340 without a serial number, so by-path then. */
function chooseStable(c: Omit<PortCandidate, "stablePath">, devRoot: string): string {
  if (c.isBanken) return join(devRoot, "banken");
  const idless = c.vendorId === WCH_VENDOR_ID && c.serialNumber === undefined;
  if (!idless && c.byId.length > 0) return c.byId[0];
  if (c.byPath.length > 0) return c.byPath[0];
  return c.device;
}

/** Sysfs facts first; the library's list (when given and working) only fills in gaps. */
export async function listPorts(roots: PortRoots, library?: LibraryLister): Promise<PortsReport> {
  const ttys = await scanSysfsTtys(roots.sys);
  for (const info of (library && (await tryLibraryList(library))) ?? []) {
    const name = basename(info.path);
    const known = ttys.find((t) => t.name === name);
    if (known) known.manufacturer ??= info.manufacturer;
    else if (info.vendorId !== undefined) {
      ttys.push({ name, vendorId: info.vendorId, productId: info.productId, serialNumber: info.serialNumber, manufacturer: info.manufacturer });
    }
  }
  const links = await readDevLinks(roots.dev);
  const ports = ttys.map((tty): PortCandidate => {
    const base = {
      device: join(roots.dev, tty.name),
      byId: links.byId.get(tty.name) ?? [],
      byPath: links.byPath.get(tty.name) ?? [],
      isBanken: links.banken === tty.name,
      bridge: bridgeKind(tty.vendorId, tty.productId, tty.driver),
      vendorId: tty.vendorId,
      productId: tty.productId,
      serialNumber: tty.serialNumber,
      manufacturer: tty.manufacturer,
      product: tty.product,
      driver: tty.driver,
      usbInterface: tty.usbInterface,
    };
    return { ...base, stablePath: chooseStable(base, roots.dev) };
  });
  const notes: string[] = [];
  const boundUsb = new Set(ttys.map((t) => t.usbDevicePath));
  const orphans = (await usbDevicesByVendor(roots.sys, BRLTTY_VENDOR_IDS)).filter((d) => !boundUsb.has(d.path));
  const brltty = await brlttyRunning(roots.proc);
  for (const o of orphans) {
    notes.push(
      `USB ${o.name} (vendor ${o.vendorId}) is a ${bridgeKind(o.vendorId, undefined, undefined)} bridge with no tty` +
        (brltty ? ": brltty is running and has probably claimed it (apt remove brltty, or mask brltty-udev.service)" : ""),
    );
  }
  if (brltty && orphans.length === 0 && ports.some((p) => BRLTTY_VENDOR_IDS.includes(p.vendorId ?? ""))) {
    notes.push("brltty is running: it may grab CH340/CP210x ports on the next plug-in (apt remove brltty)");
  }
  if (links.banken !== undefined && !ports.some((p) => p.isBanken)) {
    notes.push(`${join(roots.dev, "banken")} points at ${links.banken}, which is not a USB serial device here`);
  }
  const idless = ports.filter((p) => p.vendorId === WCH_VENDOR_ID && p.serialNumber === undefined);
  if (idless.length > 0) {
    notes.push("CH340 bridges have no serial number: their by-id names collide, so the by-path name is shown (it follows the USB socket)");
  }
  return { ports, notes };
}
