// The fleet guard's decision, as a pure function of (checks result, lock answer, time, prior state),
// so it can be tested exhaustively and driven in-process for a thousand hosts (bench). guard.ts does
// the I/O around it: it asks `nextRequest`, sends that to the lock service, and hands the answer here.
import type { GroupView, LockAnswer } from "./backend.ts";
import type { Holder } from "./semaphore.ts";

export interface DecideConfig {
  id: string;
  onUnreachable: "act" | "hold";
  onLost: "keep" | "release";
  lostAfterMs: number;
  isolationGraceMs: number;
}

export interface GuardState {
  /** Rounds in a row whose checks passed. */
  passStreak: number;
  /** This host may hold a slot: true at start (a slot taken before a reset survives it) and after a grant. */
  mayHold: boolean;
  /** The last answer to a failing round was a grant: this host is the one acting. */
  holding: boolean;
  /** Monotonic ms when the lock service stopped answering during failing checks; null while it answers. */
  unreachableSinceMs: number | null;
  /** Random extra wait before acting alone, drawn when an unreachable spell starts (hosts cut off together spread out). */
  jitterMs: number;
  /** When this agent first saw each current holder (monotonic ms): lost-after is measured on our own clock, so skew cannot shorten it. */
  firstSeenMs: Record<string, number>;
}

export const INITIAL_STATE: GuardState = { passStreak: 0, mayHold: true, holding: false, unreachableSinceMs: null, jitterMs: 0, firstSeenMs: {} };

export type FleetStatus =
  | "idle" // checks pass
  | "holding-slot" // checks fail, this host has a slot: no heartbeat, the board acts
  | "holding-off" // checks fail, the group is full: heartbeats continue
  | "isolated-waiting" // checks fail, lock service unreachable, on-unreachable = act: beating until the grace ends
  | "isolated-acting" // ... the grace ended: no heartbeat, the board acts without a slot
  | "unreachable-holding"; // checks fail, lock service unreachable, on-unreachable = hold: heartbeats continue

export type LockRequest = "acquire" | "release" | "peek";

export interface Decision {
  beat: boolean;
  status: FleetStatus;
  state: GuardState;
  /** The group as last seen (null when the service showed none). */
  view: GroupView | null;
  /** Holders (not us) this agent considers lost: marked by anyone, or seen holding for lost-after. */
  lost: Holder[];
  /** Of those, the ones nobody marked yet: guard.ts marks them (on-lost = "keep"). */
  unmarked: string[];
  /** Why there is no slot, when holding off (the server's words for FleetLock). */
  reason: string;
}

/** What to ask the lock service this round. */
export function nextRequest(state: GuardState, checksPassed: boolean): LockRequest {
  if (!checksPassed) return "acquire";
  // FleetLock's steady state: give the slot back once the checks passed two rounds in a row.
  return state.mayHold && state.passStreak + 1 >= 2 ? "release" : "peek";
}

/** Holders to drop while taking a slot: the lost ones, with on-lost = "release" only. */
export function reapSet(config: DecideConfig, state: GuardState, nowMs: number, view: GroupView | null): Set<string> {
  if (config.onLost !== "release" || view === null) return new Set();
  return new Set(lostHolders(config, state.firstSeenMs, nowMs, view).map((h) => h.id));
}

export function decide(config: DecideConfig, state: GuardState, input: { checksPassed: boolean; request: LockRequest; answer: LockAnswer; nowMs: number; newJitterMs: number; lastView: GroupView | null }): Decision {
  const { answer, nowMs } = input;
  const view = answer.kind === "unreachable" ? input.lastView : (answer.view ?? (answer.kind === "done" || answer.kind === "granted" ? input.lastView : null));
  const firstSeenMs = answer.kind === "unreachable" || answer.view === null ? state.firstSeenMs : observe(state.firstSeenMs, answer.view, nowMs);
  const lost = view === null ? [] : lostHolders(config, firstSeenMs, nowMs, view);
  const unmarked = config.onLost === "keep" ? lost.filter((h) => h.lostBy === undefined).map((h) => h.id) : [];
  const base = { view, lost, unmarked, reason: "" };

  if (input.checksPassed) {
    const released = input.request === "release" && answer.kind === "done";
    const next: GuardState = { ...state, passStreak: state.passStreak + 1, mayHold: state.mayHold && !released, holding: false, unreachableSinceMs: null, firstSeenMs };
    return { ...base, beat: true, status: "idle", state: next };
  }
  const failing = { ...state, passStreak: 0, firstSeenMs };
  switch (answer.kind) {
    case "granted":
    case "done":
      return { ...base, beat: false, status: "holding-slot", state: { ...failing, mayHold: true, holding: true, unreachableSinceMs: null } };
    case "refused":
      return { ...base, reason: answer.reason, beat: true, status: "holding-off", state: { ...failing, mayHold: false, holding: false, unreachableSinceMs: null } };
    case "unreachable": {
      if (state.holding) return { ...base, reason: answer.reason, beat: false, status: "holding-slot", state: failing };
      const since = state.unreachableSinceMs ?? nowMs;
      const jitterMs = state.unreachableSinceMs === null ? input.newJitterMs : state.jitterMs;
      const next = { ...failing, unreachableSinceMs: since, jitterMs };
      if (config.onUnreachable === "hold") return { ...base, reason: answer.reason, beat: true, status: "unreachable-holding", state: next };
      const acting = nowMs - since >= config.isolationGraceMs + jitterMs;
      return { ...base, reason: answer.reason, beat: !acting, status: acting ? "isolated-acting" : "isolated-waiting", state: next };
    }
  }
}

/** Remembers when each holder was first seen; forgets those that left. */
function observe(previous: Record<string, number>, view: GroupView, nowMs: number): Record<string, number> {
  const next: Record<string, number> = {};
  for (const holder of view.holders) next[holder.id] = previous[holder.id] ?? nowMs;
  return next;
}

function lostHolders(config: DecideConfig, firstSeenMs: Record<string, number>, nowMs: number, view: GroupView): Holder[] {
  return view.holders.filter((h) => h.id !== config.id && (h.lostBy !== undefined || (firstSeenMs[h.id] !== undefined && nowMs - firstSeenMs[h.id] >= config.lostAfterMs)));
}

/** "1/1 slots held by web-3 for 3 min" (ages from the holders' own clocks: for people, not decisions). */
export function describeHolders(view: GroupView, wallNowMs: number, human: (ms: number) => string): string {
  const list = view.holders.map((h) => `${h.id} for ${human(Math.max(0, wallNowMs - h.sinceMs))}${h.lostBy === undefined ? "" : " (lost)"}`);
  return `${view.holders.length}/${view.max} slots held${list.length === 0 ? "" : ` by ${list.join(", ")}`}`;
}
