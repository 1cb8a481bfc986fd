// "Builds if needed": the bundle for a board is rebuilt when it is missing or older than any
// firmware or board source (a checkout pulled after the last build). An installed package has no
// sources: the bundles it ships are the build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AgentError } from "../errors.ts";

function newestSourceMs(root: string): number {
  let newest = 0;
  for (const dir of ["firmware", "boards"]) {
    if (!existsSync(join(root, dir))) continue;
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts") || file.includes("test")) continue;
      newest = Math.max(newest, statSync(join(root, dir, file)).mtimeMs);
    }
  }
  return newest;
}

export function bundleIsStale(root: string, bundlePath: string): boolean {
  return !existsSync(bundlePath) || statSync(bundlePath).mtimeMs < newestSourceMs(root);
}

export function ensureBuilt(root: string, bundlePath: string, progress: (line: string) => void): void {
  if (!bundleIsStale(root, bundlePath)) return;
  progress("building the firmware (npm run build)");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new AgentError("usage", `npm run build failed:\n${(result.stdout + result.stderr).trim().split("\n").slice(-15).join("\n")}`);
  if (!existsSync(bundlePath)) throw new AgentError("usage", `the build made no ${bundlePath}`);
}
