// Espruino's serial-like devices (Serial1, USB, LoopbackA/B) as seen from JavaScript: on('data'),
// write, setConsole. Where bytes go is decided by the interpreter (console → REPL, else the
// device's data handlers), because only it knows which device is the console.

export type DeviceName = "Serial1" | "USB" | "LoopbackA" | "LoopbackB";

export interface DeviceHost {
  /** JS wrote to this device. */
  written(device: DeviceName, text: string): void;
  /** JS asked to make this device the console. */
  setConsole(device: DeviceName, force: boolean): void;
  /** Run a callback the way the interpreter runs every callback (errors logged, not fatal). */
  call(fn: (...args: unknown[]) => unknown, args: unknown[]): void;
}

export class SimDevice {
  private dataHandlers: ((data: string) => void)[] = [];
  baud = 0;
  /**
   * Software flow control on this UART. Espruino's ESP32 port starts its console UART with XON/XOFF
   * on: the bytes 0x11/0x13 from the host are then swallowed (XOFF pauses the board's output until
   * XON) instead of reaching the firmware. `setup(baud, { flow: "none" })` turns it off.
   */
  flow: "xon" | "none" = "none";

  constructor(
    readonly name: DeviceName,
    private readonly host: DeviceHost,
  ) {}

  /** The object the firmware sees as the global Serial1/USB/... */
  api(): object {
    const handlers = (): ((data: string) => void)[] => this.dataHandlers;
    const host = this.host;
    const name = this.name;
    const setup = (baud: number, options: unknown): void => {
      this.baud = baud;
      const flow = (options as { flow?: unknown } | undefined)?.flow;
      if (flow === "none" || flow === "xon") this.flow = flow;
    };
    const clearHandlers = (): void => {
      this.dataHandlers = [];
    };
    return {
      on(event: string, cb: (data: string) => void): void {
        if (event === "data" && typeof cb === "function") handlers().push(cb);
      },
      removeAllListeners(event?: string): void {
        if (event === undefined || event === "data") clearHandlers();
      },
      write(data: unknown): void {
        host.written(name, String(data));
      },
      print(data: unknown): void {
        host.written(name, String(data));
      },
      println(data: unknown): void {
        host.written(name, String(data) + "\r\n");
      },
      setConsole(force: unknown): void {
        host.setConsole(name, Boolean(force));
      },
      setup(baud: unknown, options?: unknown): void {
        setup(Number(baud), options);
      },
      toString(): string {
        return name;
      },
    };
  }

  hasDataHandler(): boolean {
    return this.dataHandlers.length > 0;
  }

  /** Bytes arrived for JS: each handler is called; one throwing does not stop the others. */
  deliver(text: string): void {
    for (const h of this.dataHandlers) this.host.call(h as (...a: unknown[]) => unknown, [text]);
  }
}
