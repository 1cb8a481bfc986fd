// The launcher: one real Espruino interpreter (a Linux build, e.g. ESPRUINO_BIN) booting like a
// board from its own flash file, in a scratch directory of its own.
//
//   const esp = await EspruinoBoard.create({ bin });           // temp dir + socat pty pair
//   await esp.writeFlash({ ".boot0": boot0Shim({ serialPath: esp.serial.board }), ".bootcde": bundle });
//   esp.onRecord((r) => …);                                    // pin edges and probes (records.ts)
//   await esp.powerOn();                                       // boots .boot0 then .bootcde
//   … open esp.serial.host with serialport (the board's Serial1) …
//   await esp.powerOff();                                      // kill -9: a power cut
//   await esp.powerOn();                                       // the next power-up, same flash file
//   await esp.dispose();
//
// Facts it relies on (the interpreter's README): the working directory's espruino.flash is the
// board's flash; started without arguments it runs .boot0 and .bootcde; its stdin must stay open
// (at EOF its input thread floods the event queue and Serial1 stops receiving); SIGKILL leaves the
// flash file exactly as it was at that instant.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { crc32 } from "node:zlib";
import { LineSplitter } from "../../sim/lines.ts";
import { openPtyPair, type PtyPair } from "./pty-pair.ts";
import { parseRecord, type ShimRecord } from "./records.ts";
import { STDIN } from "./shim.ts";

export const FLASH_FILE = "espruino.flash";

/**
 * Interpreters still running. An interpreter whose stdin reaches EOF spins at full CPU forever, so
 * whatever ends this process (a failed test run included) kills them first.
 */
const LIVE = new Set<ChildProcess>();
function killAll(): void {
  for (const child of LIVE) child.kill("SIGKILL");
}
process.once("exit", killAll);
// A signal ends node without "exit": kill them first, then end as the signal would have.
process.once("SIGTERM", () => {
  killAll();
  process.exit(143);
});

export interface EspruinoBoardOptions {
  /** The interpreter that boots the flash (ESPRUINO_BIN). */
  bin: string;
  /** Scratch directory (default: a new temp dir, removed by dispose()). */
  dir?: string;
}

/** A one-line error for a setup problem (no interpreter, a flash write that did not land). */
export class EspruinoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EspruinoError";
    this.stack = `${this.name}: ${message}`;
  }
}

export class EspruinoBoard {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private readonly recordListeners: Array<(r: ShimRecord) => void> = [];
  private readonly outputListeners: Array<(line: string) => void> = [];
  private disposed = false;

  private constructor(
    readonly options: EspruinoBoardOptions,
    /** The board's directory: its flash file lives here. */
    readonly dir: string,
    /** Serial1's pty pair: the interpreter opens `board`, the host opens `host`. */
    readonly serial: PtyPair,
    private readonly ownDir: boolean,
  ) {}

  static async create(options: EspruinoBoardOptions): Promise<EspruinoBoard> {
    if (!existsSync(options.bin)) throw new EspruinoError(`no Espruino interpreter at ${options.bin}`);
    const ownDir = options.dir === undefined;
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), "banken-espruino-"));
    mkdirSync(dir, { recursive: true });
    const serial = await openPtyPair(dir);
    return new EspruinoBoard({ ...options, bin: resolve(options.bin) }, dir, serial, ownDir);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The running interpreter's process id (e.g. to give it real-time priority), or undefined. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Every shim record (pin edges, probe replies), as it arrives on stdout. */
  onRecord(listener: (r: ShimRecord) => void): void {
    this.recordListeners.push(listener);
  }

  /** Every stdout line that is not a record (banner, REPL output before the firmware takes it, errors). */
  onOutput(listener: (line: string) => void): void {
    this.outputListeners.push(listener);
  }

  /**
   * Writes Storage files with one run of the interpreter in a directory of its own (so no old boot
   * code runs): each file is read from disk in chunks (E.openFile), so even the 1,600-variable build
   * writes a 12 KB bundle. Checks each file's length and E.CRC32 against ours, then moves the flash
   * file in. Replaces the whole flash: files not named are gone. Only while powered off.
   * `then`: a script run after the writes in the same run (e.g. a flash step cut short on purpose).
   * Returns the run's console output (what `then` printed).
   */
  async writeFlash(files: Record<string, string>, then = ""): Promise<string> {
    if (this.running) throw new EspruinoError("writeFlash while the interpreter runs: power it off first");
    const work = mkdtempSync(join(this.dir, "writer-"));
    try {
      const names = Object.keys(files);
      names.forEach((name, i) => writeFileSync(join(work, `file${i}`), files[name], "latin1"));
      const calls = names.map((name, i) => `put(${jsString(name)},"file${i}");`).join("\n");
      writeFileSync(join(work, "write.js"), WRITER + calls + "\n" + then + "\nquit();\n", "latin1");
      const output = await runToEnd(this.options.bin, ["write.js"], work, 20000);
      for (const [name, text] of Object.entries(files)) {
        const want = `\u0001wrote ${name} ${text.length} ${crc32(Buffer.from(text, "latin1"))}\n`;
        if (!output.replace(/\r/g, "").includes(want)) throw new EspruinoError(`the flash write of ${name} (${text.length} bytes) did not land: ${lastLines(output)}`);
      }
      renameSync(join(work, FLASH_FILE), join(this.dir, FLASH_FILE));
      return output;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** Starts the interpreter on the flash file (a power-up): it runs .boot0, then .bootcde. */
  async powerOn(): Promise<void> {
    if (this.disposed) throw new EspruinoError("powerOn after dispose");
    if (this.running) return;
    // stdin stays an open pipe for the whole run; nothing is written to it but probes.
    const child = spawn(this.options.bin, [], { cwd: this.dir, stdio: ["pipe", "pipe", "pipe"] });
    this.child = child;
    LIVE.add(child);
    favour(child);
    const lines = new LineSplitter((line) => this.onLine(line));
    child.stdout?.on("data", (chunk: Buffer) => lines.push(chunk.toString("latin1")));
    child.stderr?.on("data", () => {});
    child.stdin?.on("error", () => {});
    // "close", not "exit": every record the process printed has been read by then.
    this.exited = new Promise<void>((done) =>
      child.once("close", () => {
        LIVE.delete(child);
        if (this.child === child) this.child = undefined;
        done();
      }),
    );
    await new Promise<void>((resolveSpawn, reject) => {
      child.once("spawn", resolveSpawn);
      child.once("error", (err) => reject(new EspruinoError(`cannot start ${this.options.bin}: ${err.message}`)));
    });
  }

  /**
   * The flash file as a power cut at this instant would leave it: the interpreter is stopped
   * (SIGSTOP: between two system calls, as SIGKILL would find it) while the file is read.
   */
  snapshotFlash(): Buffer {
    const child = this.child;
    if (child === undefined) return readFileSync(join(this.dir, FLASH_FILE));
    child.kill("SIGSTOP");
    try {
      return readFileSync(join(this.dir, FLASH_FILE));
    } finally {
      child.kill("SIGCONT");
    }
  }

  /** Puts a snapshot back (only while powered off): the next powerOn() boots what a cut left. */
  restoreFlash(snapshot: Buffer): void {
    if (this.running) throw new EspruinoError("restoreFlash while the interpreter runs: power it off first");
    writeFileSync(join(this.dir, FLASH_FILE), snapshot);
  }

  /** kill -9: a power cut. The flash file stays exactly as it was at that instant. */
  async powerOff(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill("SIGKILL");
    await this.exited;
  }

  /** Asks the shim for process.memory() and E.getErrorFlags() (only once the firmware took the REPL off USB). */
  probe(timeoutMs = 2000): Promise<Extract<ShimRecord, { kind: "probe" }>> {
    const child = this.child;
    if (child === undefined) return Promise.reject(new EspruinoError("probe while powered off"));
    return new Promise((done, reject) => {
      const timer = setTimeout(() => reject(new EspruinoError(`no probe reply within ${timeoutMs} ms (is the REPL still on USB?)`)), timeoutMs);
      const listener = (r: ShimRecord): void => {
        if (r.kind !== "probe") return;
        clearTimeout(timer);
        this.recordListeners.splice(this.recordListeners.indexOf(listener), 1);
        done(r);
      };
      this.recordListeners.push(listener);
      child.stdin?.write(STDIN.probe);
    });
  }

  /** Writes shim requests (shim.ts STDIN) to the interpreter's stdin, its own console. */
  send(request: string): void {
    if (this.child === undefined) throw new EspruinoError("stdin request while powered off");
    this.child.stdin?.write(request);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.powerOff();
    await this.serial.close();
    if (this.ownDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private onLine(line: string): void {
    const records = parseRecord(line);
    if (records.length === 0) {
      for (const l of this.outputListeners) l(line);
      return;
    }
    for (const r of records) for (const l of [...this.recordListeners]) l(r);
  }
}

/** put(name, path): copies a file into Storage 256 bytes at a time, then reports its length and CRC. */
const WRITER = `function put(name, path) {
  var size = require("fs").statSync(path).size;
  var f = E.openFile(path, "r");
  var off = 0;
  var chunk = f.read(256);
  while (chunk !== undefined && chunk.length > 0) {
    require("Storage").write(name, chunk, off, size);
    off += chunk.length;
    chunk = f.read(256);
  }
  f.close();
  var stored = require("Storage").read(name) || "";
  USB.write("\\u0001wrote " + name + " " + stored.length + " " + E.CRC32(stored) + "\\n");
}
`;

/**
 * A board's interpreter has its CPU to itself; on a shared PC it competes with everything else, and
 * its timers fire late by the scheduler's whims. Where allowed (root, CAP_SYS_NICE), the
 * interpreter runs at a higher priority; elsewhere it runs as it is.
 */
function favour(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    setPriority(child.pid, INTERPRETER_PRIORITY);
  } catch {
    // not allowed: the default priority
  }
}

const INTERPRETER_PRIORITY = -10;

/** A JavaScript string literal of latin1 text that any Espruino build reads back byte for byte. */
export function jsString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new EspruinoError(`character U+${c.toString(16)} at ${i} is not a byte: flash files are bytes`);
    const ch = text[i];
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += "\\x" + c.toString(16).padStart(2, "0");
  }
  return out + '"';
}

/** Runs an interpreter on a script with stdin held open, until it quits; returns its stdout. */
function runToEnd(bin: string, args: string[], cwd: string, limitMs: number): Promise<string> {
  return new Promise((done, reject) => {
    const child = spawn(bin, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    LIVE.add(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString("latin1")));
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new EspruinoError(`cannot start ${bin}: ${err.message}`));
    });
    child.once("exit", (_code, signal) => {
      LIVE.delete(child);
      clearTimeout(timer);
      if (signal === "SIGKILL") reject(new EspruinoError(`${bin} ${args.join(" ")} did not finish within ${limitMs} ms: ${lastLines(out)}`));
      else done(out);
    });
  });
}

function lastLines(text: string): string {
  return text.replace(/\r/g, "").split("\n").filter((l) => l.trim() !== "").slice(-3).join(" | ") || "(no output)";
}
