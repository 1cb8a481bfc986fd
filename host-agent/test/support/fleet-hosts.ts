// N simulated hosts for the fleet scenarios: each a simulated esp32 on its own pty (the real firmware
// bundle in the virtual Espruino) and, per scenario, a real `banken run` process against it with a
// [fleet] table. The health check fails while a file exists (a shared "cause" for the whole fleet,
// and one per host), so the test makes checks fail and pass with real files. Everything either side
// says is kept with the wall-clock time it arrived, for the assertions and the timing chart.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineSplitter } from "../../src/serial/lines.ts";
import { startSimBoard, type SimBoardProcess } from "../../src/sim/launch.ts";
import { BIN } from "./cli.ts";
import { waitFor } from "./wait.ts";

/** Board settings of the fleet bench: 3 s without a heartbeat and the board resets (never a power cycle). */
export const BOARD_TIMEOUT_MS = 3000;
const BOARD_SETTINGS = [`timeoutMs=${BOARD_TIMEOUT_MS}`, "warnMs=0", "pulseMs=300", "resetsBeforePower=20", "maxAttempts=100"];

export type HostEventKind = "beat" | "relay-on" | "relay-off" | "out" | "err";

export interface HostEvent {
  t: number;
  kind: HostEventKind;
  text: string;
}

export interface FleetHost {
  name: string;
  dir: string;
  tty: string;
  /** Exists while this host alone is "broken". */
  cause: string;
  board: SimBoardProcess;
  events: HostEvent[];
  agent: ChildProcess | null;
  metricsFile: string;
}

export class FleetBench {
  readonly hosts: FleetHost[] = [];
  /** Exists while every host is "broken" (the shared cause). */
  readonly sharedCause: string;
  private readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.sharedCause = join(dir, "shared-cause");
  }

  static async start(count: number): Promise<FleetBench> {
    const bench = new FleetBench(mkdtempSync(join(tmpdir(), "banken-fleet-")));
    try {
      await Promise.all(Array.from({ length: count }, (_, i) => bench.addHost(`host-${i}`)));
    } catch (error) {
      await bench.stop();
      throw error;
    }
    bench.hosts.sort((a, b) => a.name.localeCompare(b.name));
    return bench;
  }

  private async addHost(name: string): Promise<void> {
    const hostDir = join(this.dir, name);
    mkdirSync(hostDir);
    const events: HostEvent[] = [];
    const board = await startSimBoard({
      board: "esp32",
      link: join(hostDir, "tty"),
      args: BOARD_SETTINGS.flatMap((s) => ["--set", s]),
      onEvent: (e) => {
        const t = Date.now();
        if (e.kind === "rx" && e.line.startsWith("BEAT")) events.push({ t, kind: "beat", text: e.line });
        else if (e.kind === "edge" && (e.signal === "relay" || e.signal === "power")) events.push({ t, kind: e.active ? "relay-on" : "relay-off", text: e.signal });
      },
    });
    this.hosts.push({ name, dir: hostDir, tty: join(hostDir, "tty"), cause: join(hostDir, "cause"), board, events, agent: null, metricsFile: join(hostDir, "banken.prom") });
  }

  /** Starts `banken run` on `host` with this [fleet] table (TOML lines); returns once its board got two heartbeats. */
  async startAgent(host: FleetHost, fleetToml: string, intervalMs = 1000): Promise<void> {
    const config = this.writeConfig(host, fleetToml, intervalMs);
    const child = spawn(process.execPath, [BIN, "run", "--config", config], { env: { ...process.env, BANKEN_CONFIG: "" }, stdio: ["ignore", "pipe", "pipe"] });
    return this.finishStart(host, child);
  }

  /**
   * The host's banken.toml: its board, both checks, state and metrics in its directory, and this
   * [fleet] table. The checks get most of the interval: spawning `test` on a loaded machine (six
   * engineers' tests on two cores) can take hundreds of ms, and a check that times out fails.
   */
  writeConfig(host: FleetHost, fleetToml: string, intervalMs = 1000): string {
    const config = join(host.dir, "banken.toml");
    writeFileSync(
      config,
      `device = "${host.tty}"\ninterval = "${intervalMs}ms"\ncheck-deadline = "${Math.floor(intervalMs * 0.95)}ms"\nstate-dir = "${host.dir}"\nmetrics-file = "${host.metricsFile}"\ncontrol-socket = "${host.dir}/control.sock"\n` +
        `[[checks]]\nname = "shared"\nkind = "command"\ncommand = ["test", "!", "-e", "${this.sharedCause}"]\ntimeout = "${Math.floor(intervalMs * 0.9)}ms"\n` +
        `[[checks]]\nname = "own"\nkind = "command"\ncommand = ["test", "!", "-e", "${host.cause}"]\ntimeout = "${Math.floor(intervalMs * 0.9)}ms"\n` +
        `[fleet]\nid = "${host.name}"\n${fleetToml}\n`,
    );
    return config;
  }

  private async finishStart(host: FleetHost, child: ChildProcess): Promise<void> {
    for (const [stream, kind] of [[child.stdout, "out"], [child.stderr, "err"]] as const) {
      const splitter = new LineSplitter();
      stream?.on("data", (chunk: Buffer) => {
        const t = Date.now();
        for (const line of splitter.push(chunk)) host.events.push({ t, kind, text: line });
      });
    }
    host.agent = child;
    const spawnedAt = Date.now();
    // Two heartbeats in: a board still busy with the previous scenario (a host left dead) is armed again.
    await waitFor(() => this.times(host, "beat", spawnedAt).length >= 2, 15000, () => `${host.name} does not beat: ${this.log(host)}`);
  }

  /** Stops the agent (SIGTERM; SIGKILL for a host that dies) and waits for it to exit. */
  async stopAgent(host: FleetHost, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = host.agent;
    host.agent = null;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (signal === "SIGTERM") child.kill("SIGCONT"); // a stopped process must run to see SIGTERM
    child.kill(signal);
    await exited;
  }

  async stopAgents(): Promise<void> {
    await Promise.all(this.hosts.map((h) => this.stopAgent(h)));
  }

  said(host: FleetHost, pattern: RegExp, sinceMs = 0): boolean {
    return host.events.some((e) => (e.kind === "out" || e.kind === "err") && e.t >= sinceMs && pattern.test(e.text));
  }

  /** Times of `kind` events on `host` since `sinceMs`. */
  times(host: FleetHost, kind: HostEventKind, sinceMs = 0, pattern?: RegExp): number[] {
    return host.events.filter((e) => e.kind === kind && e.t >= sinceMs && (pattern === undefined || pattern.test(e.text))).map((e) => e.t);
  }

  log(host: FleetHost): string {
    return host.events.filter((e) => e.kind === "out" || e.kind === "err").map((e) => e.text).join("\n");
  }

  async stop(): Promise<void> {
    await this.stopAgents();
    await Promise.all(this.hosts.map((h) => h.board.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
