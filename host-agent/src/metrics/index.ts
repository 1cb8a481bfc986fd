// Prometheus textfile metrics for node_exporter: `writeMetricsFile(path, snapshot)` is what the beat
// and run commands call with --metrics-file. docs/fleet.md explains the metrics and alerts.
export { writeMetricsFile } from "./write.ts";
export { renderMetrics } from "./render.ts";
export { countActions, factsFromReply, readBoardFacts, type BoardFacts } from "./board-facts.ts";
export type { MetricsSnapshot, ActionKind } from "./snapshot.ts";
