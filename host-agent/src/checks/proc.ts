// Reads one small file under /proc (or the test's stand-in). procfs answers from kernel memory
// and does not hang like a network filesystem, so this may run in the agent itself.

import { readFile } from "node:fs/promises";
import { join } from "node:path";

export function readProc(procDir: string, name: string, signal: AbortSignal): Promise<string> {
  return readFile(join(procDir, name), { encoding: "utf8", signal });
}
