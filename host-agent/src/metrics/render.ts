// The banken metric families from one snapshot. Durations are exported in seconds (Prometheus base
// unit) from the agent's integer milliseconds.
import type { CheckStatus } from "../checks/types.ts";
import { renderFamilies } from "./exposition.ts";
import type { Family } from "./exposition.ts";
import { ACTION_KINDS, STATES } from "./snapshot.ts";
import type { MetricsSnapshot } from "./snapshot.ts";
import { fleetFamilies } from "../fleet/metrics.ts";

/** banken_check_status values: alert on `!= 1`. */
export const CHECK_STATUS_VALUE: Record<CheckStatus, number> = { ok: 1, fail: 0, timeout: -1, unknown: -2 };

const seconds = (ms: number): number => ms / 1000;

export function metricFamilies(s: MetricsSnapshot): Family[] {
  const families: Family[] = [
    { name: "banken_up", help: "1 if the board answered the agent's last request, else 0.", type: "gauge", samples: [{ value: s.up ? 1 : 0 }] },
  ];
  const add = (name: string, help: string, type: Family["type"], samples: Family["samples"]): void => void families.push({ name, help, type, samples });
  if (s.state !== undefined) {
    const state = s.state;
    add("banken_state", "The board's state, one-hot: 1 for the current state.", "gauge", STATES.map((name) => ({ labels: { state: name }, value: name === state ? 1 : 0 })));
  }
  if (s.timeLeftMs !== undefined) add("banken_time_left_seconds", "Seconds until the board acts without a heartbeat.", "gauge", [{ value: seconds(s.timeLeftMs) }]);
  if (s.timeoutMs !== undefined) add("banken_timeout_seconds", "The board's configured heartbeat timeout.", "gauge", [{ value: seconds(s.timeoutMs) }]);
  if (s.actions !== undefined) {
    const actions = s.actions;
    add("banken_actions_total", "Actions the board took (reset, power cycle, gave up), from its history.", "counter", ACTION_KINDS.map((kind) => ({ labels: { kind }, value: actions[kind] ?? 0 })));
  }
  if (s.lastBeatAtMs !== undefined) {
    add("banken_last_heartbeat_timestamp_seconds", "Unix time of the last heartbeat the board acknowledged.", "gauge", [{ value: seconds(s.lastBeatAtMs) }]);
    add("banken_last_heartbeat_age_seconds", "Seconds since the last acknowledged heartbeat, when this file was written.", "gauge", [{ value: seconds(Math.max(0, s.nowMs - s.lastBeatAtMs)) }]);
  }
  const checks = s.checks ?? [];
  add("banken_check_status", "Last result of each health check: 1 ok, 0 fail, -1 timeout, -2 unknown.", "gauge", checks.map((c) => ({ labels: { check: c.name, kind: c.kind }, value: CHECK_STATUS_VALUE[c.status] })));
  add("banken_check_duration_seconds", "Wall time of each health check's last run.", "gauge", checks.map((c) => ({ labels: { check: c.name, kind: c.kind }, value: seconds(c.ms) })));
  if (s.board !== undefined || s.fw !== undefined) {
    add("banken_board_info", "The board's id and firmware version.", "gauge", [{ labels: { board: s.board ?? "", fw: s.fw ?? "" }, value: 1 }]);
  }
  if (s.fleet !== undefined) families.push(...fleetFamilies(s.fleet));
  return families;
}

export function renderMetrics(snapshot: MetricsSnapshot): string {
  return renderFamilies(metricFamilies(snapshot));
}
