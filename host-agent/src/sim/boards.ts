// The boards `banken sim` can run: one firmware bundle each in dist/firmware/ (the observer boards
// are built elsewhere, so the list is the bundles, not boards/*.ts).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./root.ts";

/** Board ids with a built bundle, or null when nothing is built yet (launch.ts then says to build). */
export function boardIds(): string[] | null {
  const dir = join(repoRoot(), "dist/firmware");
  if (!existsSync(dir)) return null;
  return readdirSync(dir).filter((file) => file.endsWith(".js")).map((file) => file.slice(0, -3)).sort();
}
