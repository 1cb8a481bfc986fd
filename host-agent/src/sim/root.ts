// The checkout this code runs from. The same module is run from source (host-agent/src/sim/, via
// tsx) and from the bundle (dist/agent/), at different depths, so walk up to banken's package.json.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "banken") return dir;
    if (dirname(dir) === dir) throw new Error(`not inside the banken checkout: ${from}`);
  }
}
