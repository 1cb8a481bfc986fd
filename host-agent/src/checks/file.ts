// kind = "file": the file must have been modified within max-age (watchdog.conf `file` + `change`):
// a log that stops growing, a heartbeat file a job touches. Asked through `stat` in a child process.

import { formatMs } from "../config/units.ts";
import { probe } from "./fs-probe.ts";
import type { CheckFunction, FileCheck } from "./types.ts";

export const fileCheck: CheckFunction<FileCheck> = async (spec, context) => {
  const answer = await probe(["stat", "-L", "-c", "%Y", "--", spec.path], context);
  if (!answer.ok) return { status: "fail", detail: answer.missing ? `${spec.path} does not exist` : `cannot stat ${spec.path}: ${answer.problem}` };
  const modifiedMs = Number(answer.output) * 1000;
  if (!Number.isFinite(modifiedMs)) return { status: "unknown", detail: `stat gave an unexpected answer: ${answer.output}` };
  // stat reports whole seconds: allow the second the file was written in.
  const ageMs = Math.max(0, Date.now() - modifiedMs - 999);
  if (ageMs <= spec.maxAgeMs) return { status: "ok", detail: `${spec.path} changed ${formatMs(ageMs)} ago` };
  return { status: "fail", detail: `${spec.path} last changed ${formatMs(ageMs)} ago (limit ${formatMs(spec.maxAgeMs)})` };
};
