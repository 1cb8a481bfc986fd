// Which USB-serial bridge a device is, from its USB vendor/product id and kernel driver. The kind
// decides two things the user cares about: whether /dev/serial/by-id is unique (CH340 has no serial
// number, so two of them collide and by-path is the stable name), and how DTR/RTS behave on open.

export type BridgeKind = "ch340" | "cp210x" | "ftdi" | "espressif-usb" | "espruino-pico" | "cdc-acm" | "unknown";

/** Bridges that Debian's brltty claims by default (its udev rules match these vendor ids). */
export const BRLTTY_VENDOR_IDS: readonly string[] = ["1a86", "10c4"];

/** WCH (CH340/CH341/CH9102): the vendor whose cheap bridges have no serial number. */
export const WCH_VENDOR_ID = "1a86";

export function bridgeKind(vendorId: string | undefined, productId: string | undefined, driver: string | undefined): BridgeKind {
  const vid = (vendorId ?? "").toLowerCase();
  const pid = (productId ?? "").toLowerCase();
  if (vid === "1a86") return "ch340";
  if (vid === "10c4") return "cp210x";
  if (vid === "0403") return "ftdi";
  if (vid === "303a") return "espressif-usb";
  if (vid === "0483" && pid === "5740") return "espruino-pico";
  if (driver === "cdc_acm") return "cdc-acm";
  return "unknown";
}
