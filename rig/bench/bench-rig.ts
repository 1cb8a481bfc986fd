// The real bench rig: the DUT's serial port for requests and heartbeats, the observer board's serial
// port for edge reports and DUT power (docs/bench-rig.md). Time is real: wait() sleeps. Observer edge
// times (its µs clock) are mapped to rig time by TIME exchanges, repeated while the rig is open.
// A DUT whose heartbeat port is its own USB (board.serial "USB", the Pico) takes that port with it
// when its supply is cut: the rig closes the port at power-off and reopens it after power-on.
import { performance } from "node:perf_hooks";
import type { BoardFile } from "../../boards/types.ts";
import type { Edge, ReceivedLine, Rig, TargetCaps, Tolerances } from "../types.ts";
import { ClockAligner } from "./clock-align.ts";
import { LinePort } from "./line-port.ts";
import { parseObserverLine, readLevels, replyMicros, type ObserverLineName } from "./observer-lines.ts";
import { activeLevel, signalOf, type RelaySense } from "./polarity.ts";
import { GiveUp, retryUntil } from "./retry.ts";
import { isBootProof, statusUptimeMs } from "../boot-proof.ts";
import { openOrClose } from "../open-or-close.ts";

export interface BenchRigOptions {
  board: BoardFile;
  dutPath: string;
  observerPath: string;
  tolerance: Tolerances;
  /** Re-align the observer clock this often while open (drift), ms. */
  resyncEveryMs?: number;
  /** TIME exchanges at open; the tightest round trip wins. */
  initialSyncs?: number;
  /** How the relay lines reach the observer (default: at the contact, see polarity.ts). */
  relaySense?: RelaySense;
  /** Native-USB DUT: how long after power-on its port must be back and its boot confirmed, ms. */
  usbBackLimitMs?: number;
  /** Native-USB DUT: pause between reopen attempts and between STATUS requests, ms. */
  usbRetryMs?: number;
}

/** After switching the DUT off at open: long enough for its supply capacitors to drain. */
const DUT_OFF_SETTLE_MS = 300;
/** A Pico's USB enumerates within about a second of power-on; the rest is margin for a slow host. */
const USB_BACK_LIMIT_MS = 5000;
const USB_RETRY_MS = 100;

export const BENCH_CAPS: TargetCaps = {
  virtualTime: false,
  powerSwitch: true,
  interpreterRestart: false,
  modemLines: false,
  exactPowerCut: false,
  relayInputProbe: false,
};

interface Waiter {
  accept: (line: string) => boolean;
  resolve: (line: string) => void;
}

export async function createBenchRig(options: BenchRigOptions): Promise<Rig> {
  return openOrClose(new BenchRig(options));
}

class BenchRig implements Rig {
  readonly target = "bench" as const;
  readonly board: BoardFile;
  readonly caps = BENCH_CAPS;
  readonly tolerance: Tolerances;
  private readonly startMs = performance.now();
  private dut?: LinePort;
  /** The DUT's heartbeat port is its own USB: it vanishes with the DUT's supply. */
  private readonly nativeUsb: boolean;
  /** A reopen in progress after the native-USB port vanished on its own (the DUT's chip reset). */
  private dutBack?: Promise<unknown>;
  private dutPowered = false;
  private observer?: LinePort;
  private readonly received: ReceivedLine[] = [];
  private readonly seen: Edge[] = [];
  private readonly aligner = new ClockAligner();
  /** Observer edges that arrived before the first TIME sample. */
  private readonly unaligned: Array<{ line: ObserverLineName; raw: 0 | 1; us: number }> = [];
  /** Active level of each signal as last recorded, so repeated reports (bounce) stay edges. */
  private readonly levels: Partial<Record<Edge["signal"], 0 | 1>> = {};
  private dutWaiters: Waiter[] = [];
  private observerWaiters: Waiter[] = [];
  /** Observer commands run one at a time: each reply is "the next non-edge line". */
  private observerQueue: Promise<unknown> = Promise.resolve();
  private resyncTimer?: NodeJS.Timeout;
  private failure?: Error;

  constructor(private readonly options: BenchRigOptions) {
    this.board = options.board;
    this.tolerance = options.tolerance;
    this.nativeUsb = options.board.serial === "USB";
  }

  now(): number {
    return performance.now() - this.startMs;
  }

  async open(): Promise<void> {
    const onError = (err: Error): void => {
      this.failure = err;
    };
    this.observer = await LinePort.open({ path: this.options.observerPath, now: () => this.now(), onLine: (l, t) => this.onObserverLine(l, t), onError });
    // A native-USB DUT's port exists only while it is powered; it is opened after power-on.
    if (!this.nativeUsb) this.dut = await this.openDutPort();
    const pong = await this.observerCommand("PING");
    if (pong !== "PONG") throw benchError(`${this.options.observerPath} answered PING with "${pong}": is the observer firmware on it?`);
    for (let i = 0; i < (this.options.initialSyncs ?? 5); i++) await this.syncClock();
    await this.readInitialLevels();
    // Every test starts with the DUT unpowered, as on the simulation: bootDut() then powers it and
    // waits for its !BOOT. A supply left on by an earlier run would never send that line.
    await this.powerDut(false);
    await this.wait(DUT_OFF_SETTLE_MS);
    const every = this.options.resyncEveryMs ?? 5000;
    this.resyncTimer = setInterval(() => {
      this.syncClock().catch((err: Error) => (this.failure = err));
    }, every);
    this.resyncTimer.unref();
  }

  async powerDut(on: boolean): Promise<void> {
    await this.dutBack;
    // Closed before the cut, so the vanishing device is not a read error.
    if (!on && this.nativeUsb) await this.closeDutPort();
    const reply = await this.observerCommand(on ? "PWR 1" : "PWR 0");
    const us = replyMicros(reply);
    if (!reply.startsWith("P ") || us === undefined) throw benchError(`observer answered PWR with "${reply}", expected "P <0|1> <us>"`);
    const atMs = this.aligner.toRigMs(us);
    this.record("power", on ? 1 : 0, atMs);
    this.dutPowered = on;
    if (on && this.nativeUsb) await this.usbBack(atMs);
  }

  /**
   * After a native-USB DUT starts (at `startMs`): reopen its port, retrying while it enumerates, then
   * make sure it really restarted. Its "!BOOT" may have gone out before the port was open, so a STATUS
   * reply with an uptime no longer than the time since `startMs` counts too (rig/boot-proof.ts).
   */
  private async usbBack(startMs: number): Promise<void> {
    const path = this.options.dutPath;
    const limitMs = this.options.usbBackLimitMs ?? USB_BACK_LIMIT_MS;
    const retry = { deadlineMs: startMs + limitMs, retryMs: this.options.usbRetryMs ?? USB_RETRY_MS, now: () => this.now(), sleep: (ms: number) => this.sleep(ms) };
    await this.closeDutPort();
    this.dut = await retryUntil(`the DUT's USB port ${path} did not come back within ${limitMs} ms of power-on`, () => this.openDutPort(), retry).catch((err: Error) => {
      throw benchError(err.message);
    });
    const slackMs = this.tolerance.timingMs;
    const confirm = async (): Promise<true | undefined> => {
      if (this.received.some((l) => l.t >= startMs && l.line.startsWith("!BOOT "))) return true;
      const reply = await this.dutRequest("STATUS", this.tolerance.replyMs);
      const uptimeMs = statusUptimeMs(reply);
      if (uptimeMs === undefined) return undefined;
      if (isBootProof({ t: this.now(), line: reply }, startMs, slackMs)) return true;
      throw new GiveUp(`the DUT on ${path} did not restart: STATUS says uptime=${uptimeMs} ms, but its supply came on ${Math.round(this.now() - startMs)} ms ago (is it powered past the switch, e.g. by its USB cable?)`);
    };
    await retryUntil(`the DUT on ${path} did not confirm its start (no !BOOT, no STATUS) within ${limitMs} ms of power-on`, confirm, retry).catch((err: Error) => {
      throw benchError(err.message);
    });
  }

  async wait(ms: number): Promise<void> {
    this.check();
    await this.sleep(ms);
    this.check();
  }

  async write(bytes: string): Promise<void> {
    this.check();
    await this.dutBack;
    await this.port("dut").write(bytes);
  }

  async request(line: string, timeoutMs?: number): Promise<string> {
    this.check();
    await this.dutBack;
    return this.dutRequest(line, timeoutMs);
  }

  private async dutRequest(line: string, timeoutMs?: number): Promise<string> {
    const limitMs = timeoutMs ?? this.tolerance.replyMs;
    const port = this.port("dut");
    const reply = this.expect(this.dutWaiters, (l) => l.startsWith("OK") || l.startsWith("ERR"), limitMs, `no reply from the DUT to "${line}"`);
    await port.write(line + "\n");
    return reply;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  private openDutPort(): Promise<LinePort> {
    return LinePort.open({ path: this.options.dutPath, now: () => this.now(), onLine: (l, t) => this.onDutLine(l, t), onError: (err) => this.onDutPortError(err) });
  }

  private async closeDutPort(): Promise<void> {
    const port = this.dut;
    this.dut = undefined;
    await port?.close();
  }

  /**
   * A native-USB port that vanishes while the DUT is powered means the chip itself restarted (its
   * watchdog, a crash): reopen it as after power-on, so the test sees the restart in its assertions
   * rather than as a read error. Any other port error ends the run.
   */
  private onDutPortError(err: Error): void {
    if (!this.nativeUsb || !this.dutPowered || this.dutBack !== undefined) {
      this.failure = err;
      return;
    }
    const back = this.usbBack(this.now())
      .catch((e: Error) => (this.failure = e))
      .finally(() => {
        if (this.dutBack === back) this.dutBack = undefined;
      });
    this.dutBack = back;
  }

  lines(): ReceivedLine[] {
    return this.received.slice();
  }

  edges(): Edge[] {
    return this.seen.slice();
  }

  async close(): Promise<void> {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    await this.observerQueue.catch(() => undefined);
    await this.dutBack;
    await Promise.all([this.dut?.close(), this.observer?.close()]);
  }

  private async syncClock(): Promise<void> {
    const sentMs = this.now();
    const reply = await this.observerCommand("TIME");
    const receivedMs = this.now();
    const us = replyMicros(reply);
    if (!reply.startsWith("T ") || us === undefined) throw benchError(`observer answered TIME with "${reply}", expected "T <us>"`);
    this.aligner.add({ sentMs, receivedMs, observerUs: us });
    for (const e of this.unaligned.splice(0)) this.onEdge(e.line, e.raw, e.us);
  }

  /** Lines already active when the rig opens become edges at that moment, so charts start right. */
  private async readInitialLevels(): Promise<void> {
    const reply = await this.observerCommand("READ");
    const levels = readLevels(reply);
    const us = replyMicros(reply);
    if (levels === undefined || us === undefined) throw benchError(`observer answered READ with "${reply}", expected "L <relay> <power> <led> <us>"`);
    for (const line of ["relay", "power", "led"] as const) this.onEdge(line, levels[line], us);
  }

  private onEdge(line: ObserverLineName, raw: 0 | 1, us: number): void {
    const level = activeLevel(this.board, line, raw, this.options.relaySense ?? "contact");
    if (level !== undefined) this.record(signalOf(line), level, this.aligner.toRigMs(us));
  }

  private record(signal: Edge["signal"], level: 0 | 1, t: number): void {
    if ((this.levels[signal] ?? 0) === level) return;
    this.levels[signal] = level;
    this.addEdge({ t, signal, level });
  }

  private observerCommand(command: string): Promise<string> {
    const run = async (): Promise<string> => {
      const reply = this.expect(this.observerWaiters, () => true, this.tolerance.replyMs, `no reply from the observer to "${command}"`);
      await this.port("observer").write(command + "\n");
      const line = await reply;
      if (line.startsWith("ERR")) throw benchError(`observer refused "${command}": ${line}`);
      return line;
    };
    const result = this.observerQueue.then(run, run);
    this.observerQueue = result.catch(() => undefined);
    return result;
  }

  private onObserverLine(raw: string, _atMs: number): void {
    const parsed = parseObserverLine(raw);
    if (parsed === undefined || parsed.kind === "ready") return;
    if (parsed.kind === "reply") {
      this.deliver(this.observerWaiters, parsed.line);
      return;
    }
    if (this.aligner.sampleCount === 0) this.unaligned.push(parsed);
    else this.onEdge(parsed.line, parsed.raw, parsed.us);
  }

  private onDutLine(line: string, atMs: number): void {
    this.received.push({ t: atMs, line });
    if (!line.startsWith("!")) this.deliver(this.dutWaiters, line);
  }

  /** Inserts in time order: observer reports arrive a little late, host-made power edges do not. */
  private addEdge(edge: Edge): void {
    let i = this.seen.length;
    while (i > 0 && this.seen[i - 1].t > edge.t) i--;
    this.seen.splice(i, 0, edge);
  }

  private expect(waiters: Waiter[], accept: (line: string) => boolean, limitMs: number, message: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const waiter: Waiter = {
        accept,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        reject(benchError(`${message} within ${limitMs} ms`));
      }, limitMs);
      waiters.push(waiter);
    });
  }

  private deliver(waiters: Waiter[], line: string): void {
    const i = waiters.findIndex((w) => w.accept(line));
    if (i < 0) return;
    const [waiter] = waiters.splice(i, 1);
    waiter.resolve(line);
  }

  private port(which: "dut" | "observer"): LinePort {
    const port = which === "dut" ? this.dut : this.observer;
    if (port === undefined && which === "dut" && this.nativeUsb) throw benchError(`the DUT's USB port ${this.options.dutPath} is gone while the DUT is unpowered`);
    if (port === undefined) throw benchError(`the ${which} port is not open`);
    return port;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

function benchError(message: string): Error {
  const e = new Error(message);
  e.name = "BenchError";
  e.stack = `BenchError: ${message}`;
  return e;
}
