// The slice of @serialport/bindings-interface the agent uses: a binding (list, open) and an open port.
// Its own module so binding.ts and native-port.ts, which implements it, need not import each other.
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
