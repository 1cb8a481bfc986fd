// What the agent knows at one moment, handed to writeMetricsFile. Only `up` and `nowMs` are required:
// when the board did not answer, the rest is absent and simply not exported (Prometheus treats an
// absent series as "no data", which alert rules can tell apart from a zero).
import type { WatchdogState } from "../../../firmware/core/types.ts";
import type { CheckStatus } from "../checks/types.ts";

/** The board's actions counted by banken_actions_total; always exported, 0 when none happened. */
export const ACTION_KINDS = ["reset", "power", "gave-up"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const STATES: readonly WatchdogState[] = ["waiting", "armed", "warning", "acting", "holding", "gave-up"];

export interface MetricsSnapshot {
  /** The board answered the agent's last request. */
  up: boolean;
  /** Wall-clock time of the snapshot, epoch ms (ages are computed against it). */
  nowMs: number;
  state?: WatchdogState;
  /** ms until the board acts, from the last BEAT or STATUS reply. */
  timeLeftMs?: number;
  /** The board's configured timeout. */
  timeoutMs?: number;
  /** Actions the board took, by kind (from its history). Absent: carried over from the previous file. */
  actions?: Partial<Record<ActionKind, number>>;
  /** Epoch ms of the last heartbeat the board acknowledged. Absent: carried over from the previous file. */
  lastBeatAtMs?: number;
  /** The health checks of this round. */
  checks?: { name: string; kind: string; status: CheckStatus; ms: number }[];
  /** HELLO/STATUS facts, exported as banken_board_info labels. */
  board?: string;
  fw?: string;
  /** The fleet guard's state, when the config has a [fleet] table. */
  fleet?: import("../fleet/guard.ts").FleetSnapshot;
}
