// kind = "disk": free space for unprivileged users on the filesystem holding `path`, at least
// min-free (bytes or a percentage). statfs through `stat -f` in a child process, so a hung NFS
// mount is a timeout, not a hung agent.

import { formatBytes } from "../config/units.ts";
import { probe } from "./fs-probe.ts";
import type { CheckFunction, DiskCheck } from "./types.ts";

export const diskCheck: CheckFunction<DiskCheck> = async (spec, context) => {
  // %a: blocks free for non-root, %b: total data blocks, %S: their size.
  const answer = await probe(["stat", "-f", "-L", "-c", "%a %b %S", "--", spec.path], context);
  if (!answer.ok) return { status: "fail", detail: answer.missing ? `${spec.path} does not exist` : `cannot statfs ${spec.path}: ${answer.problem}` };
  const [available, total, blockSize] = answer.output.split(/\s+/).map(Number);
  if (![available, total, blockSize].every(Number.isFinite) || total <= 0) {
    return { status: "unknown", detail: `stat -f gave an unexpected answer: ${answer.output}` };
  }
  const freeBytes = available * blockSize;
  const freePercent = (available / total) * 100;
  const have = `${formatBytes(freeBytes)} (${freePercent.toFixed(1)}%) free on ${spec.path}`;
  if (spec.minFreePercent !== undefined) {
    return freePercent >= spec.minFreePercent
      ? { status: "ok", detail: have }
      : { status: "fail", detail: `only ${have}, need ${spec.minFreePercent}%` };
  }
  const minFreeBytes = spec.minFreeBytes ?? 0;
  return freeBytes >= minFreeBytes
    ? { status: "ok", detail: have }
    : { status: "fail", detail: `only ${have}, need ${formatBytes(minFreeBytes)}` };
};
