// The port over the bindings-cpp addon (serial/native-port.ts) on a real pty pair (socat): bytes
// both ways, writes larger than the pty buffers (EAGAIN, then the addon's poller), the lock, the
// pty's missing modem lines, and close cancelling a pending read. Also: the addon file found
// without node-gyp-build is the one node-gyp-build picks.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PortHandle } from "../src/serial/port-handle.ts";
import { isNoModemLines } from "../src/serial/modem-lines.ts";
import { commonPrebuild } from "../src/serial/native-addon.ts";
import { openNative } from "../src/serial/native-port.ts";
import { isLockContention } from "../src/serial/open-errors.ts";
import { waitFor } from "./support/wait.ts";

const OPTIONS = { baudRate: 115200, dataBits: 8, stopBits: 1, parity: "none", hupcl: false, lock: true } as const;

interface PtyPair {
  a: string;
  b: string;
  stop(): Promise<void>;
}

/** Two ptys joined by socat: what is written to one is read from the other. */
async function ptyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), "banken-native-port-"));
  const [a, b] = [join(dir, "a"), join(dir, "b")];
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await waitFor(() => existsSync(a) && existsSync(b), 5000, () => "socat did not create the ptys");
  return {
    a,
    b,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function readAtLeast(port: PortHandle, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(4096);
  while (total < bytes) {
    const { bytesRead } = await port.read(buffer, 0, buffer.length);
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    total += bytesRead;
  }
  return Buffer.concat(chunks);
}

describe("serial port over the bindings-cpp addon (through a pty pair)", function () {
  this.timeout(20000);
  let pair: PtyPair | null = null;
  const open: PortHandle[] = [];
  async function openPort(path: string): Promise<PortHandle> {
    const port = await openNative({ path, ...OPTIONS });
    open.push(port);
    return port;
  }
  beforeEach(async () => {
    pair = await ptyPair();
  });
  afterEach(async () => {
    for (const port of open.splice(0)) if (port.isOpen) await port.close();
    await pair?.stop();
    pair = null;
  });

  it("carries bytes both ways, and a write far larger than the pty buffers completes once read", async () => {
    const [a, b] = [await openPort(pair!.a), await openPort(pair!.b)];
    await a.write(Buffer.from("BEAT seq=1\n"));
    await a.drain();
    assert.equal((await readAtLeast(b, 11)).toString(), "BEAT seq=1\n");
    await b.write(Buffer.from("OK BEAT\n"));
    assert.equal((await readAtLeast(a, 8)).toString(), "OK BEAT\n");

    // 1 MiB cannot sit in the ptys and socat: the write must wait for room (EAGAIN, poller) and go on.
    const big = Buffer.alloc(1 << 20, 0);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const writing = a.write(big).then(() => a.drain());
    const received = await readAtLeast(b, big.length);
    await writing;
    assert.equal(received.length, big.length);
    assert.ok(received.equals(big), "the bytes arrive intact and in order");
  });

  it("takes the exclusive lock: a second open fails with lock contention until the first closes", async () => {
    const first = await openPort(pair!.a);
    await assert.rejects(openPort(pair!.a), (error) => isLockContention(error));
    await first.close();
    assert.equal((await openPort(pair!.a)).isOpen, true);
  });

  it("setting DTR/RTS on a pty fails with the error the agent ignores (no modem lines)", async () => {
    const port = await openPort(pair!.a);
    await assert.rejects(port.set({ dtr: true, rts: true, brk: false, cts: false, dsr: false }), (error) => isNoModemLines(error));
    await port.flush();
  });

  it("close rejects a pending read as canceled, and the port refuses use afterwards", async () => {
    const port = await openPort(pair!.a);
    const reading = assert.rejects(port.read(Buffer.alloc(64), 0, 64), /^Error: Canceled$/);
    await new Promise((done) => setTimeout(done, 50)); // the read reaches EAGAIN and waits on the poller
    await port.close();
    await reading;
    assert.equal(port.isOpen, false);
    await assert.rejects(port.write(Buffer.from("x")), /Port is not open/);
    await assert.rejects(port.close(), /Port is not open/);
  });

  it("finds the addon file node-gyp-build picks, without loading node-gyp-build", function () {
    const library = dirname(createRequire(import.meta.url).resolve("@serialport/bindings-cpp/package.json"));
    const nodeGypBuild = createRequire(join(library, "package.json"))("node-gyp-build") as { path(dir: string): string };
    const found = commonPrebuild(library);
    if (found === null && !["linux-x64", "linux-arm64"].includes(`${process.platform}-${process.arch}`)) this.skip(); // node-gyp-build decides there
    assert.equal(found, nodeGypBuild.path(library));
  });
});
