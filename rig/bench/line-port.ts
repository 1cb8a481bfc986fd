// One serial port as a stream of timestamped lines, opened the way the host agent opens a board:
// 115200 8N1, hupcl off (closing must not drop DTR and reset the board), DTR and RTS set together in
// one call to the host agent's recommended levels (host-agent/src/serial/modem-lines.ts explains why).
// A pseudo-terminal has no modem lines: `set` fails with ENOTTY there, which is tolerated (it is how
// the suite's own port tests run without hardware).
import { SerialPort } from "serialport";
import { isNoModemLines, SAFE_MODEM_LINES } from "../../host-agent/src/serial/modem-lines.ts";
import { LineSplitter } from "../../sim/lines.ts";

export interface LinePortOptions {
  path: string;
  baudRate?: number;
  /** Rig time of each arriving line. */
  now: () => number;
  onLine: (line: string, atMs: number) => void;
  /** Port errors after open, and the device vanishing (unplugged cable, a native-USB board's reset). */
  onError: (err: Error) => void;
}

export class LinePort {
  /** When the chunk being split arrived: every line it completes carries this time. */
  private chunkAtMs = 0;
  private readonly lines = new LineSplitter((line) => this.options.onLine(line, this.chunkAtMs));
  private closed = false;
  /** false once `set` failed with ENOTTY (a pty). */
  modemLines = true;

  private constructor(
    private readonly port: SerialPort,
    private readonly options: LinePortOptions,
  ) {}

  static async open(options: LinePortOptions): Promise<LinePort> {
    const port = new SerialPort({
      path: options.path,
      baudRate: options.baudRate ?? 115200,
      dataBits: 8,
      parity: "none",
      stopBits: 1,
      hupcl: false,
      lock: true,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(portError(options.path, "open", err)) : resolve())));
    const lp = new LinePort(port, options);
    await lp.setModemLines(SAFE_MODEM_LINES);
    port.on("data", (chunk: Buffer) => lp.receive(chunk.toString("latin1")));
    port.on("error", (err: Error) => {
      if (!lp.closed) options.onError(portError(options.path, "read", err));
    });
    // A vanished device closes the port by itself, with an error marked `disconnected`.
    port.on("close", (err?: Error) => {
      if (!lp.closed && err) options.onError(portError(options.path, "read", err));
      lp.closed = true;
    });
    return lp;
  }

  /** Sets DTR and RTS in one call; false (and modemLines=false) when the port has none. */
  async setModemLines(levels: { dtr: boolean; rts: boolean }): Promise<boolean> {
    try {
      await new Promise<void>((resolve, reject) => this.port.set(levels, (err) => (err ? reject(err) : resolve())));
      return true;
    } catch (err) {
      if (isNoModemLines(err)) {
        this.modemLines = false;
        return false;
      }
      throw portError(this.options.path, "set DTR/RTS on", err);
    }
  }

  /** Writes and waits until the bytes have left the host's buffer. */
  async write(bytes: string): Promise<void> {
    if (this.closed) throw new Error(`${this.options.path} is closed`);
    await new Promise<void>((resolve, reject) => {
      this.port.write(Buffer.from(bytes, "latin1"), (err) => (err ? reject(portError(this.options.path, "write", err)) : resolve()));
    });
    await new Promise<void>((resolve, reject) => this.port.drain((err) => (err ? reject(portError(this.options.path, "drain", err)) : resolve())));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  private receive(text: string): void {
    this.chunkAtMs = this.options.now();
    this.lines.push(text);
  }
}

function portError(path: string, what: string, err: unknown): Error {
  const e = new Error(`cannot ${what} ${path}: ${(err as Error | undefined)?.message ?? String(err)}`);
  e.stack = e.message;
  return e;
}
