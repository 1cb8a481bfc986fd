// The demo's record of the run, in the shape chart/trace.ts draws (ChartTrace): relay
// and LED edges, the lines the host sent, the lines the board sent, all on the board's clock.
import type { SimEvent } from "../../../sim/events.ts";
import type { DemoTimeline } from "./timeline.ts";

export interface DemoTrace {
  title: string;
  subtitle: string;
  fromMs: number;
  toMs: number;
  edges: { t: number; signal: "relay" | "powerRelay" | "led"; level: 0 | 1 }[];
  sent: { t: number; line: string }[];
  received: { t: number; line: string }[];
  initial: { power: 1 };
  showPowerRelay: boolean;
  expected: { timeoutMs: number; pulseMs: number; toleranceMs: number };
  passed?: boolean;
  note?: string;
}

export function emptyTrace(t: DemoTimeline, board: string): DemoTrace {
  const { timeoutMs, pulseMs } = t;
  return {
    title: "banken demo: host hangs, board resets it, host comes back",
    // The chart's lanes say "DUT" (device under test, the HIL suite's word): here that is the board.
    subtitle: `DUT = the simulated ${board} board, in real time; timeout ${timeoutMs} ms, warning ${t.warnMs} ms before, reset pulse ${pulseMs} ms; heartbeat every ${t.intervalMs} ms`,
    fromMs: 0,
    toMs: 0,
    edges: [],
    sent: [],
    received: [],
    initial: { power: 1 },
    showPowerRelay: false,
    expected: { timeoutMs, pulseMs, toleranceMs: 100 },
  };
}

export function record(trace: DemoTrace, event: SimEvent): void {
  trace.toMs = Math.max(trace.toMs, event.tMs);
  if (event.kind === "edge") trace.edges.push({ t: event.tMs, signal: event.signal === "power" ? "powerRelay" : event.signal, level: event.active ? 1 : 0 });
  else if (event.kind === "rx") trace.sent.push({ t: event.tMs, line: event.line });
  else trace.received.push({ t: event.tMs, line: event.line });
}
