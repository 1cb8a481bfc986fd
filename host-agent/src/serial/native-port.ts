// A serial port over the bindings-cpp addon alone, doing what the library's LinuxPortBinding does
// (dist/linux.js, unix-read.js, unix-write.js, poller.js) without its JavaScript layer: the addon
// opens the fd (O_NONBLOCK, flock, termios, hupcl), sets the modem lines, flushes and drains;
// reads and writes are fs.read/fs.write on the fd, and on EAGAIN wait for the addon's uv_poll.
import { read as fsRead, write as fsWrite } from "node:fs";
import type { PortHandle, SerialBinding } from "./port-handle.ts";
import { call, loadAddon, POLL_READABLE, POLL_WRITABLE, type AddonPoller, type SerialAddon } from "./native-addon.ts";

/** The library's open() defaults, merged under the caller's options as LinuxBinding.open does. */
export const OPEN_DEFAULTS = { vmin: 1, vtime: 0, dataBits: 8, lock: true, stopBits: 1, parity: "none", rtscts: false, xon: false, xoff: false, xany: false, hupcl: true };

type Waiter = (error: Error | null) => void;

function notOpen(): Error {
  return new Error("Port is not open");
}

/** The fd has nothing to read or no room to write right now (or a signal interrupted the call). */
function isWouldBlock(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EAGAIN" || code === "EWOULDBLOCK" || code === "EINTR";
}

export class NativePort implements PortHandle {
  private fd: number | null;
  private readonly addon: SerialAddon;
  private readonly poller: AddonPoller;
  private readonly waiting: { [POLL_READABLE]: Waiter[]; [POLL_WRITABLE]: Waiter[] } = { [POLL_READABLE]: [], [POLL_WRITABLE]: [] };
  private writeOperation: Promise<void> | null = null;

  constructor(addon: SerialAddon, fd: number) {
    this.addon = addon;
    this.fd = fd;
    this.poller = new addon.Poller(fd, (error, flags) => this.onPoll(error, flags));
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  private onPoll(error: Error | null, flags: number): void {
    if (error !== null) {
      this.wake(POLL_READABLE, error);
      this.wake(POLL_WRITABLE, error);
      return;
    }
    if (flags & POLL_READABLE) this.wake(POLL_READABLE, null);
    if (flags & POLL_WRITABLE) this.wake(POLL_WRITABLE, null);
  }

  private wake(flag: typeof POLL_READABLE | typeof POLL_WRITABLE, error: Error | null): void {
    const waiters = this.waiting[flag].splice(0);
    for (const waiter of waiters) waiter(error);
  }

  /** Resolves at the poller's next event for `flag`; rejects when it fails or the port closes. */
  private until(flag: typeof POLL_READABLE | typeof POLL_WRITABLE): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting[flag].push((error) => (error ? reject(error) : resolve()));
      this.poller.poll(flag);
    });
  }

  private openFd(): number {
    if (this.fd === null) throw notOpen();
    return this.fd;
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }> {
    for (;;) {
      const fd = this.openFd();
      try {
        const bytesRead = await call<number>((done) => fsRead(fd, buffer, offset, length, null, done));
        // Zero bytes is not an end of stream on a tty in raw mode (VMIN=1): read again, as the library does.
        if (bytesRead > 0) return { bytesRead };
      } catch (error) {
        if (!isWouldBlock(error)) throw error;
        this.openFd();
        await this.until(POLL_READABLE);
      }
    }
  }

  async write(buffer: Buffer): Promise<void> {
    const fd = this.openFd();
    this.writeOperation = this.writeAll(fd, buffer).finally(() => (this.writeOperation = null));
    return this.writeOperation;
  }

  private async writeAll(fd: number, buffer: Buffer): Promise<void> {
    let offset = 0;
    while (offset < buffer.length) {
      try {
        offset += await call<number>((done) => fsWrite(fd, buffer, offset, buffer.length - offset, done));
      } catch (error) {
        if (!isWouldBlock(error)) throw error;
        await this.until(POLL_WRITABLE);
      }
      this.openFd();
    }
  }

  async drain(): Promise<void> {
    const fd = this.openFd();
    await this.writeOperation;
    await call((done) => this.addon.drain(fd, done));
  }

  async flush(): Promise<void> {
    const fd = this.openFd();
    await call((done) => this.addon.flush(fd, done));
  }

  async set(lines: { dtr: boolean; rts: boolean; brk: boolean; cts: boolean; dsr: boolean }): Promise<void> {
    const fd = this.openFd();
    await call((done) => this.addon.set(fd, lines, done));
  }

  /** Cancels pending reads and writes ("Canceled"), then closes the fd. */
  async close(): Promise<void> {
    const fd = this.openFd();
    this.poller.stop();
    this.poller.destroy();
    this.fd = null;
    const canceled = new Error("Canceled");
    this.wake(POLL_READABLE, canceled);
    this.wake(POLL_WRITABLE, canceled);
    await call((done) => this.addon.close(fd, done));
  }
}

/** Opens ports through the addon; listing stays with the library (binding.ts). */
export async function openNative(options: Parameters<SerialBinding["open"]>[0]): Promise<PortHandle> {
  const addon = loadAddon();
  const { path, ...rest } = options;
  const fd = await call<number>((done) => addon.open(path, { ...OPEN_DEFAULTS, ...rest }, done));
  return new NativePort(addon, fd);
}
