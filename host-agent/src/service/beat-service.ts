// The loop behind `banken run`. One board connection at a time; every change of state (connected,
// lost, checks failing, checks passing again, board notices) is logged once, not on every beat.
import type { AgentConfig } from "../config/index.ts";
import { AgentError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { CheckResult } from "../checks/types.ts";
import type { ClientOptions } from "../protocol/client.ts";
import { intField, type Notice, type OkReply } from "../protocol/reply.ts";
import { formatDurationMs, roundToSeconds } from "../units.ts";
import { nextSlot, REAL_CLOCK, type ServiceClock } from "./cadence.ts";
import { connect, type ConnectFlags } from "../cli/connect.ts";
import { checkHealth, runHook } from "../heartbeat/health-gate.ts";
import { checkIntervalFits } from "./interval.ts";
import { hostBootId, nextSequence } from "../heartbeat/sequence.ts";
import type { BoardLink } from "./board-link.ts";
import type { ServiceMetrics } from "./metrics.ts";
import type { FleetGuard } from "../fleet/guard.ts";

export interface ServiceOptions {
  path: string;
  flags: ConnectFlags;
  config: AgentConfig | null;
  /** Fixed interval; undefined = a third of the board's timeout. */
  intervalMs: number | undefined;
  force: boolean;
  disarmOnExit: boolean;
  stateDir: string;
  log: Logger;
  signal: AbortSignal;
  /** Prometheus textfile rewritten after every round (metrics.ts). */
  metricsFile?: string;
  /** The fleet guard of a [fleet] table (fleet/guard.ts): asked before a failing round withholds the beat. */
  fleet?: FleetGuard;
  /** Injected by tests: a virtual clock, and a board without a port. */
  clock?: ServiceClock;
  open?: (path: string, flags: ConnectFlags, extra: Omit<ClientOptions, "replyTimeoutMs">) => Promise<BoardLink>;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

export class BeatService {
  private readonly o: ServiceOptions;
  private client: BoardLink | null = null;
  private readonly clock: ServiceClock;
  /** When the round now running was due (monotonic ms): the cadence's anchor. */
  private dueMs = 0;
  private metrics: ServiceMetrics | null = null;
  private intervalMs = 0;
  /** The interval the log last stated: a reconnect repeats it only when it changed. */
  private statedIntervalMs = 0;
  private healthy: boolean | null = null;
  private retryMs = FIRST_RETRY_MS;
  private wake: (() => void) | null = null;
  private hookRunning = false;
  private everConnected = false;

  constructor(options: ServiceOptions) {
    this.o = options;
    this.clock = options.clock ?? REAL_CLOCK;
  }

  async run(): Promise<void> {
    const { log, signal } = this.o;
    log.info(`starting: board at ${this.o.path}${this.o.config === null ? ", no health checks configured" : `, ${this.o.config.checks.length} health check(s)`}`);
    if (this.o.metricsFile !== undefined) this.metrics = new (await import("./metrics.ts")).ServiceMetrics(this.o.metricsFile, log, this.o.fleet);
    while (!signal.aborted) {
      if (this.client === null) {
        if (!(await this.reconnect())) continue;
        this.dueMs = this.clock.nowMs(); // the first round after (re)connecting starts the grid
      }
      await this.cycle();
      if (this.client !== null) await this.waitForNextSlot();
    }
    await this.stop();
  }

  /** Fixed cadence (cadence.ts): the next round is due a whole number of intervals after the anchor. */
  private async waitForNextSlot(): Promise<void> {
    const nowMs = this.clock.nowMs();
    const slot = nextSlot(this.dueMs, this.intervalMs, nowMs);
    if (slot.skipped > 0) {
      this.o.log.warn(
        `the last round (checks and heartbeat) took ${formatDurationMs(nowMs - this.dueMs)}, longer than the ${formatDurationMs(this.intervalMs)} interval: ` +
          `skipped ${slot.skipped} heartbeat(s), sending the next one now`,
      );
    }
    this.dueMs = slot.atMs;
    await this.sleep(Math.max(0, slot.atMs - nowMs));
  }

  /** true when connected; false after logging the failure and waiting the backoff. */
  private async reconnect(): Promise<boolean> {
    const { log } = this.o;
    try {
      const client = await (this.o.open ?? connect)(this.o.path, this.o.flags, {
        onNotice: (notice) => this.onNotice(notice),
        onDisconnect: (error) => this.lost(error),
      });
      this.client = client;
      const status = await client.request("STATUS");
      const timeoutMs = intField(status, "timeout");
      await this.metrics?.connected(client, status);
      this.intervalMs = this.o.intervalMs ?? Math.floor(timeoutMs / 3);
      this.o.fleet?.boardKnown(timeoutMs, this.intervalMs);
      if (!this.o.force) {
        try {
          checkIntervalFits(this.intervalMs, timeoutMs, "the interval");
        } catch (error) {
          if (!this.everConnected) throw error; // refuse to start; later, keep beating and say why
          log.warn((error as Error).message);
        }
      }
      this.everConnected = true;
      this.retryMs = FIRST_RETRY_MS;
      const interval = this.intervalMs === this.statedIntervalMs ? "" : `; heartbeat every ${formatDurationMs(this.intervalMs)} while the checks pass`;
      this.statedIntervalMs = this.intervalMs;
      log.info(`connected: board ${status.fields.board} (fw ${status.fields.fw}) is ${status.fields.state}, timeout ${formatDurationMs(timeoutMs)}${interval}`);
      return true;
    } catch (error) {
      await this.dropClient();
      if (!(error instanceof AgentError) || error.kind === "usage" || error.kind === "config") throw error;
      log.warn(`${error.message}; retrying in ${formatDurationMs(this.retryMs)}`);
      await this.sleep(this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      return false;
    }
  }

  /** One round: checks, then a heartbeat if they passed. */
  private async cycle(): Promise<void> {
    const { log, config, signal } = this.o;
    const health = await checkHealth(config, signal);
    if (signal.aborted || this.client === null) return;
    // The fleet guard (docs/fleet.md) keeps a failing host beating while its group's slots are taken.
    const holdingOff = !health.passed && this.o.fleet !== undefined && (await this.o.fleet.round(false, health.summary));
    if (!health.passed && !holdingOff) {
      if (this.healthy !== false) log.warn(`checks failed, not sending heartbeats: ${health.summary}`);
      this.healthy = false;
      if (this.metrics !== null) await this.report(health.results, await this.ask("STATUS"), false);
      if (config?.repair !== undefined) log.warn(await runHook("repair", config.repair, signal));
      return;
    }
    if (this.healthy === false && health.passed) log.info("checks pass again: sending heartbeats");
    this.healthy = health.passed ? true : null;
    const { seq, problem } = nextSequence(this.o.stateDir);
    if (problem !== null && seq === 1) log.warn(problem);
    const bootId = hostBootId();
    const reply = await this.ask(`BEAT seq=${seq}${bootId === "" ? "" : ` boot=${bootId}`}`);
    await this.report(health.results, reply, reply !== null);
    if (health.passed) await this.o.fleet?.round(true, ""); // after the beat: a slow lock service never delays it
    else if (config?.repair !== undefined) log.warn(await runHook("repair", config.repair, signal)); // holding off, still failing
  }

  /** One request; an expected failure is logged (refused) or handled as a lost board, and gives null. */
  private async ask(line: string): Promise<OkReply | null> {
    try {
      return (await this.client?.request(line)) ?? null;
    } catch (error) {
      if (!(error instanceof AgentError)) throw error;
      if (error.kind === "refused") this.o.log.warn(error.message);
      else this.lost(error);
      return null;
    }
  }

  /** Whether the board is open now (the control socket passes requests on only then). */
  get connected(): boolean {
    return this.client !== null;
  }

  /**
   * A request from another command through the control socket (control/server.ts), queued with the
   * service's own in its one BoardClient, so each reply meets its request. A failure other than a
   * refusal ends the connection, as for the service's own requests.
   */
  async forward(line: string): Promise<OkReply | null> {
    const client = this.client;
    if (client === null) return null;
    try {
      const reply = await client.request(line);
      if (reply.verb === "SET" && reply.fields.timeoutMs !== undefined) this.timeoutChanged(intField(reply, "timeoutMs"));
      return reply;
    } catch (error) {
      if (error instanceof AgentError && error.kind !== "refused" && this.client === client) this.lost(error);
      throw error;
    }
  }

  /**
   * The board's timeout changed under the service (config set through the socket). The board keeps
   * the running deadline until the next BEAT, so the beat already planned is in time; the ones
   * after it follow the new interval.
   */
  private timeoutChanged(timeoutMs: number): void {
    this.o.fleet?.boardKnown(timeoutMs, this.o.intervalMs ?? Math.floor(timeoutMs / 3)); // its isolation grace follows the board
    if (this.o.intervalMs === undefined) {
      this.intervalMs = Math.floor(timeoutMs / 3);
      this.statedIntervalMs = this.intervalMs;
      this.o.log.info(`the board's timeout is now ${formatDurationMs(timeoutMs)}: heartbeat every ${formatDurationMs(this.intervalMs)}`);
    } else if (!this.o.force) {
      try {
        checkIntervalFits(this.intervalMs, timeoutMs, "the interval");
      } catch (error) {
        this.o.log.warn((error as Error).message);
      }
    }
    this.o.fleet?.boardKnown(timeoutMs, this.intervalMs); // its grace follows the board's timeout too
  }

  private async report(results: CheckResult[], reply: OkReply | null, beatAcked: boolean): Promise<void> {
    await this.metrics?.round(results, reply, beatAcked, this.client !== null);
  }

  private onNotice(notice: Notice): void {
    const { log, config } = this.o;
    this.metrics?.notice(notice);
    if (notice.what === "WARN") {
      log.warn(`board warns: it resets the host in ${formatDurationMs(roundToSeconds(intField(notice, "left")))} without a heartbeat`);
      if (config?.warnHook !== undefined && !this.hookRunning) {
        this.hookRunning = true;
        void runHook("warn hook", config.warnHook, this.o.signal)
          .then((line) => log.warn(line))
          .finally(() => (this.hookRunning = false));
      }
    } else {
      log.info(`board says: ${notice.raw}`);
    }
  }

  private lost(error: AgentError): void {
    if (this.client === null) return;
    this.o.log.warn(`lost the board: ${error.message}; re-opening`);
    void this.dropClient();
    this.wake?.();
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // SIGTERM during a request: an aborted signal never fires "abort" again, so do not wait.
      if (this.o.signal.aborted) return resolve();
      const done = (): void => {
        this.clock.clearTimeout(timer);
        this.o.signal.removeEventListener("abort", done);
        this.wake = null;
        resolve();
      };
      const timer = this.clock.setTimeout(done, ms);
      this.o.signal.addEventListener("abort", done, { once: true });
      this.wake = done;
    });
  }

  private async stop(): Promise<void> {
    const { log } = this.o;
    if (this.o.disarmOnExit && this.client !== null) {
      try {
        await this.client.request("DISARM");
        log.info("stopping: board disarmed (--disarm-on-exit)");
      } catch (error) {
        log.warn(`stopping: could not disarm the board: ${(error as Error).message}`);
      }
    } else {
      log.info(`stopping: the board keeps counting down and resets the host unless heartbeats resume`);
    }
    await this.dropClient();
    await this.o.fleet?.close();
  }
}
