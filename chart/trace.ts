// What a scenario hands to the chart renderer: plain data, captured from the rig and the host's writes.
import type { Edge, ReceivedLine, SignalName } from "./signals.ts";
import type { SentLine } from "./measure.ts";
import type { Deadline } from "./deadline.ts";

export interface ChartTrace {
  /** Big title, e.g. the scenario name. */
  title: string;
  /** Second line: target, board, settings. */
  subtitle?: string;
  /** true = passed, false = failed, undefined = not finished (drawn as "?"). */
  passed?: boolean;
  /** Window drawn, rig ms. */
  fromMs: number;
  toMs: number;
  /** Observer edges (any time; those before fromMs set the starting levels). */
  edges: readonly Edge[];
  /** Lines the host sent (heartbeats are drawn as ticks, other requests as labelled marks). */
  sent: readonly SentLine[];
  /** Lines the DUT sent; the unsolicited "!" ones are drawn as labelled marks. */
  received?: readonly ReceivedLine[];
  /** Levels at the start of the rig when no edge says otherwise (default 0). */
  initial?: Partial<Record<SignalName, 0 | 1>>;
  /** Draw the power-button relay lane even without edges (board has a power pin). */
  showPowerRelay?: boolean;
  /**
   * Expected timing, printed next to the measured values. timeoutMs is compared with "last BEAT →
   * close" only when no HOLD came between them (otherwise the countdown started later).
   */
  expected?: { timeoutMs?: number; pulseMs?: number; toleranceMs?: number };
  /** When the scenario expects a relay (reset or power) contact to close: drawn as "due" markers. */
  deadlines?: readonly Deadline[];
  /** Failure message (or any note), printed under the chart. */
  note?: string;
}
