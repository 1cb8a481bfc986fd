// The side channel of a simulated board process (sim/tty-board.ts), one stderr line each:
//   "ev <ms> <relay|power|led> <0|1>"  an output's active level changed (1 = relay closed, LED lit)
//   "rx <ms> <line>"                   a line the host sent to the board
//   "tx <ms> <line>"                   a line the board sent to the host
// <ms> is the board's virtual time since power-on. Other lines (socat's own, "ready") are not events.

export type SimSignal = "relay" | "power" | "led";

export type SimEvent =
  | { kind: "edge"; tMs: number; signal: SimSignal; active: boolean }
  | { kind: "rx" | "tx"; tMs: number; line: string };

const SIGNALS: readonly string[] = ["relay", "power", "led"];

export function formatEvent(event: SimEvent): string {
  if (event.kind === "edge") return `ev ${event.tMs} ${event.signal} ${event.active ? 1 : 0}`;
  return `${event.kind} ${event.tMs} ${event.line}`;
}

/** The event on this line, or null when the line is something else. */
export function parseEvent(text: string): SimEvent | null {
  const line = text.replace(/\r$/, "");
  const [head, time] = line.split(" ", 2);
  const tMs = Number(time);
  if (time === undefined || !/^\d+$/.test(time)) return null;
  if (head === "rx" || head === "tx") return { kind: head, tMs, line: line.slice(head.length + time.length + 2) };
  if (head !== "ev") return null;
  const parts = line.split(" ");
  if (parts.length !== 4 || !SIGNALS.includes(parts[2]) || (parts[3] !== "0" && parts[3] !== "1")) return null;
  return { kind: "edge", tMs, signal: parts[2] as SimSignal, active: parts[3] === "1" };
}
