// The side channel of a simulated board process: one stderr line per change of an output's active
// level, "ev <ms since the board process started> <signal> <0|1>". Everything else on that stream
// (socat's own messages, "ready") is not an event.

export type SimSignal = "relay" | "power" | "led";

export interface SimEvent {
  tMs: number;
  signal: SimSignal;
  /** true = relay closed / LED lit. */
  active: boolean;
}

const SIGNALS: readonly string[] = ["relay", "power", "led"];

export function formatEvent(event: SimEvent): string {
  return `ev ${event.tMs} ${event.signal} ${event.active ? 1 : 0}`;
}

/** The event on this line, or null when the line is something else. */
export function parseEvent(line: string): SimEvent | null {
  const parts = line.trim().split(" ");
  if (parts.length !== 4 || parts[0] !== "ev" || !SIGNALS.includes(parts[2])) return null;
  const tMs = Number(parts[1]);
  if (!Number.isInteger(tMs) || (parts[3] !== "0" && parts[3] !== "1")) return null;
  return { tMs, signal: parts[2] as SimSignal, active: parts[3] === "1" };
}
