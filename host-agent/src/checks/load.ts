// kind = "load": the 1, 5 and 15 minute load averages must not exceed their maxima
// (watchdog.conf max-load-1, max-load-5, max-load-15). Read from /proc/loadavg.

import { readProc } from "./proc.ts";
import type { CheckFunction, LoadCheck } from "./types.ts";

export const loadCheck: CheckFunction<LoadCheck> = async (spec, context) => {
  const fields = (await readProc(context.procDir, "loadavg", context.signal)).trim().split(/\s+/).slice(0, 3).map(Number);
  if (fields.length < 3 || !fields.every(Number.isFinite)) return { status: "unknown", detail: "cannot read the load averages from /proc/loadavg" };
  const limits = [["1", spec.maxLoad1, fields[0]], ["5", spec.maxLoad5, fields[1]], ["15", spec.maxLoad15, fields[2]]] as const;
  const over = limits.filter((limit) => limit[1] !== undefined && limit[2] > limit[1]);
  const now = `load ${fields.join(" ")}`;
  if (over.length === 0) return { status: "ok", detail: now };
  return { status: "fail", detail: over.map((limit) => `${limit[0]}-minute load ${limit[2]} is above ${limit[1]}`).join(", ") };
};
