// Loads serialport's native binding lazily and as little of it as possible, which keeps `banken beat`
// cheap. On Linux, ports are opened through the library's native addon alone (native-port.ts) and
// only `list()` loads the library's Linux binding; elsewhere the library's autoDetect() binding.
// The two interfaces below are the slice of @serialport/bindings-interface the agent uses.
import type { PortInfo } from "@serialport/bindings-cpp";

export interface PortHandle {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  drain(): Promise<void>;
  flush(): Promise<void>;
  set(lines: { dtr: boolean; rts: boolean; brk: boolean; cts: boolean; dsr: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface SerialBinding {
  /** `banken ports` only; on Linux it spawns udevadm (see ports/library-list.ts). */
  list(): Promise<PortInfo[]>;
  open(options: {
    path: string;
    baudRate: number;
    dataBits: 8;
    stopBits: 1;
    parity: "none";
    hupcl: boolean;
    lock: boolean;
  }): Promise<PortHandle>;
}

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
