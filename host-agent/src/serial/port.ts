// The board's serial port: opened 115200 8N1 with an exclusive lock and HUPCL off, modem lines set
// to their safe level (modem-lines.ts), then a line reader. One consumer receives every line.
import { AgentError } from "../errors.ts";
import { loadBinding } from "./binding.ts";
import type { PortHandle, SerialBinding } from "./port-handle.ts";
import { LineSplitter } from "./lines.ts";
import { isNoModemLines, SAFE_MODEM_LINES } from "./modem-lines.ts";
import { busyError, isLockContention, openError } from "./open-errors.ts";

export const BAUD_RATE = 115200;

export interface OpenPortOptions {
  /** How long to keep retrying while another process holds the lock. */
  lockWaitMs: number;
  /** Injected for tests; the native binding by default. */
  binding?: SerialBinding;
}

export interface LineSink {
  line(text: string): void;
  /** The port went away (unplug, EIO) or was closed. Called once. */
  closed(error: AgentError | null): void;
}

const LOCK_RETRY_MS = 100;

export class BoardPort {
  readonly path: string;
  private readonly port: PortHandle;
  private readonly splitter = new LineSplitter();
  private sink: LineSink | null = null;
  private closing = false;
  private ended = false;
  private readonly buffer = Buffer.alloc(256);

  private constructor(path: string, port: PortHandle) {
    this.path = path;
    this.port = port;
  }

  static async open(path: string, options: OpenPortOptions): Promise<BoardPort> {
    const binding = options.binding ?? (await loadBinding());
    const giveUpAt = Date.now() + options.lockWaitMs;
    for (;;) {
      try {
        const port = await binding.open({
          path,
          baudRate: BAUD_RATE,
          dataBits: 8,
          stopBits: 1,
          parity: "none",
          hupcl: false,
          lock: true,
        });
        return await BoardPort.prepare(path, port);
      } catch (error) {
        if (error instanceof AgentError) throw error;
        if (!isLockContention(error)) throw openError(path, error);
        if (Date.now() >= giveUpAt) throw busyError(path);
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
    }
  }

  private static async prepare(path: string, port: PortHandle): Promise<BoardPort> {
    try {
      await port.set({ ...SAFE_MODEM_LINES, brk: false, cts: false, dsr: false });
    } catch (error) {
      if (!isNoModemLines(error)) {
        await port.close().catch(() => undefined);
        throw new AgentError("disconnected", `cannot set DTR/RTS on ${path}: ${(error as Error).message}`);
      }
    }
    // Drop bytes queued before we opened (a previous agent's late reply, boot noise).
    await port.flush().catch(() => undefined);
    return new BoardPort(path, port);
  }

  /** Starts delivering lines to the sink. Call once. */
  start(sink: LineSink): void {
    this.sink = sink;
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    for (;;) {
      let bytesRead: number;
      try {
        bytesRead = (await this.port.read(this.buffer, 0, this.buffer.length)).bytesRead;
      } catch (error) {
        this.end(this.closing ? null : new AgentError("disconnected", `${this.path} went away (${(error as Error).message})`));
        return;
      }
      for (const line of this.splitter.push(this.buffer.subarray(0, bytesRead))) {
        if (this.ended) return;
        this.sink?.line(line);
      }
    }
  }

  private end(error: AgentError | null): void {
    if (this.ended) return;
    this.ended = true;
    this.sink?.closed(error);
  }

  async writeLine(text: string): Promise<void> {
    if (this.ended) throw new AgentError("disconnected", `${this.path} is closed`);
    try {
      await this.port.write(Buffer.from(`${text}\n`, "latin1"));
      await this.port.drain();
    } catch (error) {
      const lost = new AgentError("disconnected", `${this.path} went away while writing (${(error as Error).message})`);
      this.end(lost);
      throw lost;
    }
  }

  /** Closes the port; safe to call twice; the modem lines stay where they are (HUPCL off). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.port.isOpen) await this.port.close().catch(() => undefined);
    this.end(null);
  }
}
