// Writes a scenario's timing chart to hil-tests/out/<target>/<board>/<scenario>.svg (git-ignored),
// passed or failed, so a person can open the chart of a failed test and see what went wrong.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderTimingChart } from "../../chart/render.ts";
import type { ChartTrace } from "../../chart/trace.ts";
import { REPO_ROOT } from "./target.ts";

export const CHART_ROOT = join(REPO_ROOT, "hil-tests", "out");

/** File-name form of a test title: lower case, [a-z0-9-] only, at most 80 characters. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "scenario";
}

export function writeChart(target: string, boardId: string, title: string, trace: ChartTrace, root = CHART_ROOT): string {
  const dir = join(root, target, boardId);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, slug(title) + ".svg");
  writeFileSync(path, renderTimingChart(trace));
  return path;
}
