// The fleet guard inside `banken run`: each round the service tells it whether the checks passed,
// and it answers whether to send the heartbeat. It does the I/O (lock service, log, state file) around
// the pure decision in decide.ts. Only deliberate silence is gated: a dead or hung agent sends nothing
// whatever the fleet says, and its board resets the host as before.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AgentError } from "../errors.ts";
import { writeFileAtomic } from "../install/atomic-write.ts";
import type { Logger } from "../log.ts";
import { humanDuration } from "../units.ts";
import type { GroupView, LockAnswer, LockBackend } from "./backend.ts";
import type { FleetConfig } from "./config.ts";
import { decide, describeHolders, INITIAL_STATE, nextRequest, reapSet, type Decision, type DecideConfig, type FleetStatus, type GuardState } from "./decide.ts";

export interface GuardOptions {
  config: FleetConfig;
  log: Logger;
  /** Where `banken status` finds the guard's last word (fleet.json); undefined: nowhere. */
  stateDir?: string;
  /** Opens the backend once the request time limit is known (tests and the bench inject their own). */
  open: (timeoutMs: number) => Promise<LockBackend>;
  nowMs?: () => number;
  random?: () => number;
  /** `banken beat` (cron): the guard's memory, carried from one run to the next (cron.ts). */
  saved?: SavedGuard | null;
}

/** What a guard remembers between rounds, as `banken beat` stores it between cron runs. */
export interface SavedGuard {
  state: GuardState;
  heldThisRun: boolean;
  previousStatus: FleetStatus;
  lastLine: string;
  lastLost: string;
  view: GroupView | null;
}

/** What the metrics and `banken status` show of the guard. */
export interface FleetSnapshot {
  group: string;
  id: string;
  status: FleetStatus;
  slotHeld: boolean;
  holdingOff: boolean;
  reachable: boolean;
  holders: number | null;
  max: number | null;
  lost: string[];
  /** The line last logged for the status, e.g. "fleet: holding off, 1/1 slots held by web-3 for 3 min". */
  line: string;
}

export class FleetGuard {
  readonly id: string;
  private readonly o: GuardOptions;
  private backend: LockBackend | null = null;
  private state: GuardState = INITIAL_STATE;
  private decideConfig: DecideConfig;
  private timeoutMs = 2000;
  private last: Decision | null = null;
  private reachable = true;
  private lastLine = "";
  private lastLost = "";
  /** The group as a previous cron run saw it (until this run sees it itself). */
  private savedView: GroupView | null = null;
  private previousStatus: FleetStatus = "idle";
  /** This process took a slot and has not given it back yet (FleetLock cannot tell us). */
  private heldThisRun = false;
  private releaseFailed = false;

  constructor(options: GuardOptions, id: string) {
    this.o = options;
    this.id = id;
    const c = options.config;
    this.decideConfig = { id, onUnreachable: c.onUnreachable, onLost: c.onLost, lostAfterMs: c.lostAfterMs, isolationGraceMs: c.isolationGraceMs ?? 60000 };
    const saved = options.saved;
    if (saved !== undefined && saved !== null) {
      Object.assign(this, { state: saved.state, heldThisRun: saved.heldThisRun, previousStatus: saved.previousStatus, lastLine: saved.lastLine, lastLost: saved.lastLost });
      this.savedView = saved.view;
    }
  }

  /** The memory `banken beat` keeps for the next cron run. */
  save(): SavedGuard {
    return { state: this.state, heldThisRun: this.heldThisRun, previousStatus: this.previousStatus, lastLine: this.lastLine, lastLost: this.lastLost, view: this.last?.view ?? this.savedView };
  }

  /** Once the board answered: the grace defaults to twice its timeout; a lock request gets a quarter interval (0.3 to 5 s). */
  boardKnown(boardTimeoutMs: number, intervalMs: number): void {
    this.decideConfig = { ...this.decideConfig, isolationGraceMs: this.o.config.isolationGraceMs ?? 2 * boardTimeoutMs };
    this.timeoutMs = Math.max(300, Math.min(5000, Math.floor(intervalMs / 4)));
  }

  /** One round: whether to send the heartbeat. `summary` names the failing checks. */
  async round(checksPassed: boolean, summary: string): Promise<boolean> {
    const nowMs = this.o.nowMs?.() ?? performance.now();
    const request = nextRequest(this.state, checksPassed);
    const answer = await this.ask(request, nowMs);
    const decision = decide(this.decideConfig, this.state, {
      checksPassed,
      request,
      answer,
      nowMs,
      newJitterMs: Math.floor((this.o.random ?? Math.random)() * this.decideConfig.isolationGraceMs / 4),
      lastView: this.last?.view ?? this.savedView,
    });
    this.state = decision.state;
    this.last = decision;
    this.reachable = answer.kind !== "unreachable";
    // etcd says whether there was a slot to give back; FleetLock does not, so then only when this run took it.
    const gaveBack = request === "release" && answer.kind === "done" && (answer.changed ?? this.heldThisRun);
    if (gaveBack) this.o.log.info(`fleet: checks passed twice in a row; released the slot in ${this.o.config.group}`);
    if (decision.status === "holding-slot") this.heldThisRun = true;
    else if (request === "release" && answer.kind === "done") this.heldThisRun = false;
    const releaseFailed = request === "release" && answer.kind === "unreachable";
    if (releaseFailed && !this.releaseFailed) this.o.log.warn(`fleet: could not release the slot (${answer.reason}); trying again every round`);
    this.releaseFailed = releaseFailed;
    await this.report(decision, summary);
    const backend = this.backend;
    if (decision.unmarked.length > 0 && backend !== null) await this.bounded(backend.markLost(new Set(decision.unmarked), this.id));
    return decision.beat;
  }

  snapshot(): FleetSnapshot {
    const d = this.last;
    return {
      group: this.o.config.group,
      id: this.id,
      status: d?.status ?? "idle",
      slotHeld: d?.status === "holding-slot",
      holdingOff: d?.status === "holding-off" || d?.status === "unreachable-holding" || d?.status === "isolated-waiting",
      reachable: this.reachable,
      holders: d?.view?.holders.length ?? null,
      max: d?.view?.max ?? null,
      lost: d?.lost.map((h) => h.id) ?? [],
      line: this.lastLine,
    };
  }

  async close(): Promise<void> {
    await this.backend?.close();
    this.backend = null;
  }

  private async ask(request: "acquire" | "release" | "peek", nowMs: number): Promise<LockAnswer> {
    try {
      this.backend ??= await this.o.open(this.timeoutMs);
    } catch (error) {
      if (error instanceof TypeError || error instanceof ReferenceError) throw error;
      return { kind: "unreachable", reason: (error as Error).message };
    }
    const backend = this.backend;
    const call =
      request === "acquire" ? backend.acquire(this.id, reapSet(this.decideConfig, this.state, nowMs, this.last?.view ?? this.savedView))
      : request === "release" ? backend.release(this.id)
      : backend.peek();
    return this.bounded(call);
  }

  /** The backends bound each call themselves; this bounds a whole request (retries included) for the heartbeat's sake. */
  private async bounded(call: Promise<LockAnswer>): Promise<LockAnswer> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<LockAnswer>((resolve) => (timer = setTimeout(() => resolve({ kind: "unreachable", reason: `no answer within ${humanDuration(2 * this.timeoutMs)}` }), 2 * this.timeoutMs)));
    try {
      return await Promise.race([call, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Logs a line when what it says changes (not every round), and leaves it for `banken status`. */
  private async report(d: Decision, summary: string): Promise<void> {
    const { log, config } = this.o;
    const holders = (view: GroupView | null): string => (view === null ? `group ${config.group} full` : describeHolders(view, Date.now(), humanDuration));
    const line =
      d.status === "holding-slot" ? `fleet: took a slot in ${config.group}${d.view === null ? "" : ` (${holders(d.view)})`}; not sending heartbeats, the board acts: ${summary}`
      : d.status === "holding-off" ? `fleet: holding off, ${d.view === null ? d.reason : holders(d.view)}; still sending heartbeats although checks fail: ${summary}`
      : d.status === "isolated-waiting" ? `fleet: lock service unreachable (${d.reason}); checks fail; acting alone after ${humanDuration(this.decideConfig.isolationGraceMs + d.state.jitterMs)} without it (on-unreachable = act)`
      : d.status === "isolated-acting" ? `fleet: lock service still unreachable after the isolation grace; acting alone, not sending heartbeats: ${summary}`
      : d.status === "unreachable-holding" ? `fleet: lock service unreachable (${d.reason}) while checks fail; holding, still sending heartbeats (on-unreachable = hold)`
      : "";
    // The holders' ages change every round; compare without them so a steady state logs once.
    const previous = this.previousStatus;
    if (d.status === "idle" && previous !== "idle" && previous !== "holding-slot") log.info(`fleet: checks pass again; no longer holding off`);
    this.previousStatus = d.status;
    const key = line.replace(/ for \d[^,)]*/g, "");
    if (key !== this.lastLine.replace(/ for \d[^,)]*/g, "") && line !== "") log.warn(line);
    this.lastLine = line;
    const lost = d.lost.map((h) => h.id).join(",");
    if (lost !== this.lastLost && lost !== "") log.warn(`fleet: lost holder(s) in ${config.group}: ${lost} held a slot past lost-after (${humanDuration(config.lostAfterMs)}); ${config.onLost === "keep" ? `their slots stay taken until they return or \`banken fleet unlock <id>\`` : "their slots are released to the next host that needs one"}`);
    this.lastLost = lost;
    if (this.o.stateDir !== undefined) {
      await writeFileAtomic(join(this.o.stateDir, "fleet.json"), `${JSON.stringify({ atMs: Date.now(), ...this.snapshot() })}\n`, 0o644).catch(() => undefined);
    }
  }
}

/** This host's id: the config's, else /etc/machine-id (systemd's stable per-install id). */
export function hostId(configured: string | undefined, machineIdFile = "/etc/machine-id"): string {
  if (configured !== undefined) return configured;
  try {
    const id = readFileSync(machineIdFile, "utf8").trim();
    if (id !== "") return id;
  } catch {
    // fall through to the error
  }
  throw new AgentError("config", `fleet: no id configured and ${machineIdFile} is unreadable; set id = "..." in [fleet]`);
}
