// This banken's version: package.json's, which is also what the firmware bundles report as fw=.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./sim/root.ts";

export function bankenVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as { version: string }).version;
}
