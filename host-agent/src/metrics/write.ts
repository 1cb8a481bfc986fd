// writeMetricsFile: the textfile node_exporter reads, replaced atomically (temp + rename in the same
// directory; the temporary name does not end in .prom, so the collector never reads half a file).
// A `banken beat` from cron is a new process each minute: what it does not know this time (the last
// acknowledged heartbeat when the checks failed, the action counts) is carried over from the file the
// previous run wrote, so the age keeps growing and the counters do not drop to nothing.
import { constants } from "node:fs";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../install/atomic-write.ts";
import { renderMetrics } from "./render.ts";
import { ACTION_KINDS } from "./snapshot.ts";
import type { ActionKind, MetricsSnapshot } from "./snapshot.ts";

/** What a previous file says, read leniently: a missing or foreign file carries nothing over. */
export function carriedOver(previous: string): Pick<MetricsSnapshot, "lastBeatAtMs" | "actions"> {
  const out: Pick<MetricsSnapshot, "lastBeatAtMs" | "actions"> = {};
  for (const line of previous.split("\n")) {
    const beat = /^banken_last_heartbeat_timestamp_seconds (\S+)$/.exec(line);
    if (beat && Number.isFinite(Number(beat[1]))) out.lastBeatAtMs = Math.round(Number(beat[1]) * 1000);
    const action = /^banken_actions_total\{kind="([a-z-]+)"\} (\S+)$/.exec(line);
    if (action && (ACTION_KINDS as readonly string[]).includes(action[1]) && Number.isFinite(Number(action[2]))) {
      out.actions = { ...out.actions, [action[1] as ActionKind]: Number(action[2]) };
    }
  }
  return out;
}

export async function writeMetricsFile(path: string, snapshot: MetricsSnapshot): Promise<void> {
  let previous = "";
  if (snapshot.lastBeatAtMs === undefined || snapshot.actions === undefined) {
    // O_NOFOLLOW: a link planted at the metrics file's name must not make root read its target.
    previous = await readFile(path, { encoding: "utf8", flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => "");
  }
  const old = carriedOver(previous);
  const merged: MetricsSnapshot = {
    ...snapshot,
    lastBeatAtMs: snapshot.lastBeatAtMs ?? old.lastBeatAtMs,
    actions: snapshot.actions ?? old.actions,
  };
  await writeFileAtomic(path, renderMetrics(merged), 0o644);
}
