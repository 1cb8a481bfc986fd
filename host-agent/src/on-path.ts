// Finding a program the way a shell does: the first executable of that name in PATH's directories.
import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * The first executable `name` in `path` (a PATH value), or null. `absoluteOnly` skips relative
 * entries, for paths written into cron and systemd files, which have no working directory of ours.
 */
export function onPath(name: string, path: string | undefined, absoluteOnly = false): string | null {
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir === "" || (absoluteOnly && !isAbsolute(dir))) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
