// Where the built bundles are: dist/ in the repository, or BANKEN_DIST (the same variable
// rollup.config.js writes to), so a private build can be tested while others rebuild the shared
// dist/, and a deliberately broken bundle can be run through the whole suite.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The banken package this runs from: the checkout (sim/*.ts) or an installed package (dist/agent/sim-board.js). */
export const REPO_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "banken") return dir;
    if (dirname(dir) === dir) throw new Error(`not inside the banken package: ${from}`);
  }
}

/** The dist folder: BANKEN_DIST (relative to the repository) or <repo>/dist. */
export function distDir(root = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  const custom = (env.BANKEN_DIST ?? "").trim();
  return custom === "" ? join(root, "dist") : resolve(root, custom);
}

/** Path of a built file, e.g. distPath("firmware/esp32.js"). */
export function distPath(rel: string, root = REPO_ROOT): string {
  return join(distDir(root), rel);
}

/** Text of a built file, or null when it has not been built. */
export function readDist(rel: string): string | null {
  const path = distPath(rel);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}
