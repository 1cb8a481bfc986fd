// The build under test, copied once at the start of a run (bench/out/snapshot/{bin,dist}): other
// people rebuilding dist/ mid-run must not change (or delete) what is being measured. The copied
// agent still resolves its npm dependencies from the checkout's node_modules (parent folders).
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { BenchSetupError } from "./proc.ts";

export const REPO = resolve(import.meta.dirname, "..", "..");
export const SNAPSHOT = join(REPO, "bench/out/snapshot");

export function takeSnapshot(): void {
  for (const need of ["dist/agent/cli.js", "dist/firmware/esp32.js", "dist/observer/esp32.js"]) {
    if (!existsSync(join(REPO, need))) throw new BenchSetupError(`${need} is missing: run \`npm run build\` first`);
  }
  rmSync(SNAPSHOT, { recursive: true, force: true });
  cpSync(join(REPO, "dist"), join(SNAPSHOT, "dist"), { recursive: true });
  cpSync(join(REPO, "bin"), join(SNAPSHOT, "bin"), { recursive: true });
}

/** bin/banken.js of the snapshot (falls back to the checkout's when no snapshot was taken). */
export function bankenBin(): string {
  const snap = join(SNAPSHOT, "bin/banken.js");
  return existsSync(snap) ? snap : join(REPO, "bin/banken.js");
}

/** Path of a built file (e.g. "firmware/esp32.js") in the snapshot, else in dist/. */
export function builtPath(rel: string): string {
  const snap = join(SNAPSHOT, "dist", rel);
  return existsSync(snap) ? snap : join(REPO, "dist", rel);
}

export function builtText(rel: string): string {
  const path = builtPath(rel);
  if (!existsSync(path)) throw new BenchSetupError(`dist/${rel} is missing: run \`npm run build\` first`);
  return readFileSync(path, "utf8");
}
