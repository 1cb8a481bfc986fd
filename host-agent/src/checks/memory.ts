// kind = "memory": at least min-memory of available memory (MemAvailable in /proc/meminfo: what
// can be allocated without swapping; kernels before 3.14 lack it, then MemFree + Buffers + Cached).
// watchdog.conf `min-memory` counts pages of free memory; here it is a size.

import { formatBytes } from "../config/units.ts";
import { readProc } from "./proc.ts";
import type { CheckFunction, MemoryCheck } from "./types.ts";

export const memoryCheck: CheckFunction<MemoryCheck> = async (spec, context) => {
  const kib = parseMeminfo(await readProc(context.procDir, "meminfo", context.signal));
  const availableKiB = kib.MemAvailable ?? (kib.MemFree === undefined ? undefined : kib.MemFree + (kib.Buffers ?? 0) + (kib.Cached ?? 0));
  if (availableKiB === undefined) return { status: "unknown", detail: "cannot find MemAvailable or MemFree in /proc/meminfo" };
  const availableBytes = availableKiB * 1024;
  if (availableBytes >= spec.minAvailableBytes) return { status: "ok", detail: `${formatBytes(availableBytes)} of memory available` };
  return { status: "fail", detail: `only ${formatBytes(availableBytes)} of memory available, need ${formatBytes(spec.minAvailableBytes)}` };
};

/** "MemAvailable:   123456 kB" lines → { MemAvailable: 123456 } (values in KiB). */
function parseMeminfo(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const match = /^(\w+):\s+(\d+)/.exec(line);
    if (match) values[match[1]] = Number(match[2]);
  }
  return values;
}
