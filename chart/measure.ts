// Measurements the suite asserts on and the timing chart draws: the same numbers in both places,
// so a failed assertion and its chart never disagree.
import type { Edge, SignalName } from "./signals.ts";

/** A line the host sent to the DUT, stamped with rig time when the write began. */
export interface SentLine {
  t: number;
  line: string;
}

/** One closure of a relay line, measured from the observer's edges. */
export interface Pulse {
  signal: SignalName;
  /** Rig ms of the closing edge. */
  closeMs: number;
  /** Rig ms of the opening edge, or -1 while still closed at the end of the trace. */
  openMs: number;
  /** openMs - closeMs, or -1 while still closed. */
  widthMs: number;
  /** Rig ms of the last heartbeat sent before the close, or -1 if there was none. */
  lastBeatMs: number;
  /** closeMs - lastBeatMs, or -1 without a heartbeat before. */
  afterBeatMs: number;
}

/** True for a heartbeat request line (`BEAT`, any case, with or without arguments). */
export function isBeatLine(line: string): boolean {
  const verb = line.trim().split(" ")[0] ?? "";
  return verb.toUpperCase() === "BEAT";
}

/** Heartbeat send times, ascending. */
export function beatTimes(sent: readonly SentLine[]): number[] {
  return sent.filter((s) => isBeatLine(s.line)).map((s) => s.t).sort((a, b) => a - b);
}

/** Closures of one relay line, in time order, each paired with the heartbeat before it. */
export function measurePulses(edges: readonly Edge[], sent: readonly SentLine[], signal: SignalName = "relay"): Pulse[] {
  const beats = beatTimes(sent);
  const pulses: Pulse[] = [];
  let open: Pulse | undefined;
  for (const e of edges) {
    if (e.signal !== signal) continue;
    if (e.level === 1 && open === undefined) {
      const lastBeatMs = lastAtOrBefore(beats, e.t);
      open = {
        signal,
        closeMs: e.t,
        openMs: -1,
        widthMs: -1,
        lastBeatMs,
        afterBeatMs: lastBeatMs < 0 ? -1 : e.t - lastBeatMs,
      };
      pulses.push(open);
    } else if (e.level === 0 && open !== undefined) {
      open.openMs = e.t;
      open.widthMs = e.t - open.closeMs;
      open = undefined;
    }
  }
  return pulses;
}

/** Every edge of `signal` in [fromMs, toMs]. */
export function edgesOf(edges: readonly Edge[], signal: SignalName, fromMs = -Infinity, toMs = Infinity): Edge[] {
  return edges.filter((e) => e.signal === signal && e.t >= fromMs && e.t <= toMs);
}

/** Level of `signal` just before `atMs` (0 when no edge came before). */
export function levelAt(edges: readonly Edge[], signal: SignalName, atMs: number): 0 | 1 {
  let level: 0 | 1 = 0;
  for (const e of edges) {
    if (e.t > atMs) break;
    if (e.signal === signal) level = e.level;
  }
  return level;
}

function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let found = -1;
  for (const x of sorted) {
    if (x > t) break;
    found = x;
  }
  return found;
}
