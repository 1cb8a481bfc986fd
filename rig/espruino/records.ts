// Parses the shim's records (shim.ts) out of the interpreter's stdout. A record may follow REPL
// output on the same line (the prompt has no newline), so it is found by its mark, not by position.
import { RECORD_MARK } from "./shim.ts";

/** A pin driven to a level, at `epochMs` (the interpreter's getTime(), in ms). */
export interface PinWrite {
  kind: "write";
  pin: string;
  level: 0 | 1;
  epochMs: number;
}

/** pinMode(pin, mode): an output mode drives the pin to its latched level on a board. */
export interface PinModeRecord {
  kind: "mode";
  pin: string;
  mode: string;
  epochMs: number;
}

/** process.memory() after a GC and E.getErrorFlags(), read through the stdin probe. */
export interface ProbeRecord {
  kind: "probe";
  usage: number;
  total: number;
  errorFlags: string[];
  epochMs: number;
}

/** A Storage.write torn in half on request; the interpreter spins until it is killed. */
export interface TornRecord {
  kind: "torn";
  name: string;
  epochMs: number;
}

export type ShimRecord = PinWrite | PinModeRecord | ProbeRecord | TornRecord;

/** The records in one stdout line (digitalPulse expands to its edges); [] for any other line. */
export function parseRecord(line: string): ShimRecord[] {
  const at = line.indexOf(RECORD_MARK);
  if (at < 0) return [];
  const parts = line.slice(at + RECORD_MARK.length).trim().split(" ");
  const epochMs = Number(parts[parts.length - 1]) * 1000;
  if (!Number.isFinite(epochMs)) return [];
  const [kind, a, b, c] = parts;
  if (kind === "w" && parts.length === 4) return [{ kind: "write", pin: a, level: b === "1" ? 1 : 0, epochMs }];
  if (kind === "m" && parts.length === 4) return [{ kind: "mode", pin: a, mode: b, epochMs }];
  if (kind === "p" && parts.length === 5) return pulseEdges(a, b === "1" ? 1 : 0, c, epochMs);
  if (kind === "torn" && parts.length === 3) return [{ kind: "torn", name: a, epochMs }];
  if (kind === "probe" && parts.length === 5) {
    return [{ kind: "probe", usage: Number(a), total: Number(b), errorFlags: c === "-" ? [] : c.split(","), epochMs }];
  }
  return [];
}

function pulseEdges(pin: string, level: 0 | 1, times: string, epochMs: number): PinWrite[] {
  const edges: PinWrite[] = [{ kind: "write", pin, level, epochMs }];
  let t = epochMs;
  let now = level;
  for (const ms of times.split(",").map(Number)) {
    t += ms;
    now = now === 1 ? 0 : 1;
    edges.push({ kind: "write", pin, level: now, epochMs: t });
  }
  return edges;
}
