// The real bench rig: the DUT's serial port for requests and heartbeats, the observer board's serial
// port for edge reports and DUT power (docs/bench-rig.md). Time is real: wait() sleeps. Observer edge
// times (its µs clock) are mapped to rig time by TIME exchanges, repeated while the rig is open.
import { performance } from "node:perf_hooks";
import type { BoardFile } from "../../boards/types.ts";
import type { Edge, ReceivedLine, Rig, TargetCaps, Tolerances } from "../rig/types.ts";
import { ClockAligner } from "./clock-align.ts";
import { LinePort } from "./line-port.ts";
import { parseObserverLine, readLevels, replyMicros, type ObserverLineName } from "./observer-lines.ts";
import { activeLevel, signalOf, type RelaySense } from "./polarity.ts";

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
}

/** After switching the DUT off at open: long enough for its supply capacitors to drain. */
const DUT_OFF_SETTLE_MS = 300;

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
  const rig = new BenchRig(options);
  try {
    await rig.open();
  } catch (err) {
    await rig.close();
    throw err;
  }
  return rig;
}

class BenchRig implements Rig {
  readonly target = "bench" as const;
  readonly board: BoardFile;
  readonly caps = BENCH_CAPS;
  readonly tolerance: Tolerances;
  private readonly startMs = performance.now();
  private dut?: LinePort;
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
  }

  now(): number {
    return performance.now() - this.startMs;
  }

  async open(): Promise<void> {
    const onError = (err: Error): void => {
      this.failure = err;
    };
    this.observer = await LinePort.open({ path: this.options.observerPath, now: () => this.now(), onLine: (l, t) => this.onObserverLine(l, t), onError });
    this.dut = await LinePort.open({ path: this.options.dutPath, now: () => this.now(), onLine: (l, t) => this.onDutLine(l, t), onError });
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
    const reply = await this.observerCommand(on ? "PWR 1" : "PWR 0");
    const us = replyMicros(reply);
    if (!reply.startsWith("P ") || us === undefined) throw benchError(`observer answered PWR with "${reply}", expected "P <0|1> <us>"`);
    this.record("power", on ? 1 : 0, this.aligner.toRigMs(us));
  }

  async wait(ms: number): Promise<void> {
    this.check();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    this.check();
  }

  async write(bytes: string): Promise<void> {
    this.check();
    await this.port("dut").write(bytes);
  }

  async request(line: string, timeoutMs?: number): Promise<string> {
    this.check();
    const limitMs = timeoutMs ?? this.tolerance.replyMs;
    const reply = this.expect(this.dutWaiters, (l) => l.startsWith("OK") || l.startsWith("ERR"), limitMs, `no reply from the DUT to "${line}"`);
    await this.port("dut").write(line + "\n");
    return reply;
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
