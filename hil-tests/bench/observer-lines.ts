// The observer board's report lines (firmware/observer/): edges as `E <signal> <0|1> <µs>`, everything
// else is a reply to the last command (PWR, PING, TIME). Pure parsing, no port.
import type { SignalName } from "../rig/types.ts";

const SIGNALS: readonly SignalName[] = ["power", "relay", "powerRelay", "led"];

export interface ObserverEdge {
  kind: "edge";
  signal: SignalName;
  level: 0 | 1;
  /** The observer's own microsecond clock. */
  us: number;
}

export interface ObserverReply {
  kind: "reply";
  line: string;
}

export type ObserverLine = ObserverEdge | ObserverReply;

export function parseObserverLine(raw: string): ObserverLine | undefined {
  const line = raw.trim();
  if (line === "") return undefined;
  const parts = line.split(" ").filter((p) => p !== "");
  if (parts[0] === "E" && parts.length === 4) {
    const signal = SIGNALS.find((s) => s === parts[1]);
    const us = Number(parts[3]);
    if (signal !== undefined && (parts[2] === "0" || parts[2] === "1") && Number.isFinite(us)) {
      return { kind: "edge", signal, level: parts[2] === "1" ? 1 : 0, us };
    }
  }
  return { kind: "reply", line };
}

/** The microsecond count in a TIME reply (its last number), or undefined. */
export function timeReplyUs(line: string): number | undefined {
  const tokens = line.split(" ").reverse();
  for (const token of tokens) {
    const value = Number(token.includes("=") ? token.slice(token.indexOf("=") + 1) : token);
    if (token !== "" && Number.isFinite(value)) return value;
  }
  return undefined;
}
