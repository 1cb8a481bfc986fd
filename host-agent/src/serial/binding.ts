// Loads serialport's native binding lazily and as little of it as possible, which keeps `banken beat`
// cheap. On Linux, ports are opened through the library's native addon alone (native-port.ts) and
// only `list()` loads the library's Linux binding; elsewhere the library's autoDetect() binding.
import type { SerialBinding } from "./port-handle.ts";

export async function loadBinding(): Promise<SerialBinding> {
  if (process.platform === "linux") {
    const { openNative } = await import("./native-port.ts");
    return {
      list: async () => (await import("@serialport/bindings-cpp/dist/linux.js")).LinuxBinding.list(),
      open: openNative,
    };
  }
  const all = await import("@serialport/bindings-cpp");
  return all.autoDetect();
}
