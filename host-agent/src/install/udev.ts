// /etc/udev/rules.d/99-banken.rules: a stable /dev/banken for the chosen board, readable and writable
// by one group. Matched by USB vendor, product and serial number; a CH340 has no serial number (and
// two of them would collide), so it is matched by the USB interface it sits on instead, which follows
// the physical socket like /dev/serial/by-path. Numbered 99 so it runs after 60-serial.rules.
import { AgentError } from "../errors.ts";
import type { PortCandidate } from "../ports/list.ts";
import type { InstallOptions, InstallPlan } from "./types.ts";

/** udev match values are double-quoted; these characters cannot appear in one. */
function udevValue(text: string): string {
  if (/["\\\n]/.test(text)) throw new AgentError("usage", `udev: cannot put ${JSON.stringify(text)} in a udev rule`);
  return text;
}

export function udevMatch(port: PortCandidate): string {
  if (port.vendorId === undefined || port.productId === undefined) {
    throw new AgentError("usage", `udev: ${port.device} has no USB vendor/product id; a udev rule needs a USB device`);
  }
  const ids = `ATTRS{idVendor}=="${udevValue(port.vendorId)}", ATTRS{idProduct}=="${udevValue(port.productId)}"`;
  if (port.serialNumber !== undefined) return `SUBSYSTEM=="tty", ${ids}, ATTRS{serial}=="${udevValue(port.serialNumber)}"`;
  if (port.usbInterface === undefined) {
    throw new AgentError("usage", `udev: ${port.device} has no serial number and no USB interface to match by`);
  }
  return `SUBSYSTEM=="tty", ${ids}, KERNELS=="${udevValue(port.usbInterface)}"`;
}

export function udevPlan(options: InstallOptions, port: PortCandidate): InstallPlan {
  const owner = options.user === undefined ? "" : `, OWNER="${udevValue(options.user)}"`;
  const how = port.serialNumber === undefined ? `by USB socket ${port.usbInterface} (no serial number)` : `by serial number ${port.serialNumber}`;
  const text = [
    `# banken: /dev/banken for the board now at ${port.device} (${port.bridge}), matched ${how}.`,
    "# brltty claims CH340/CP210x bridges on some desktops; if the device vanishes, apt remove brltty.",
    `${udevMatch(port)}, SYMLINK+="banken", GROUP="${udevValue(options.group)}", MODE="0660"${owner}`,
    "",
  ].join("\n");
  return {
    files: [{ path: "/etc/udev/rules.d/99-banken.rules", text, mode: 0o644 }],
    next: ["udevadm control --reload-rules", "udevadm trigger --subsystem-match=tty --action=add", "ls -l /dev/banken"],
  };
}
