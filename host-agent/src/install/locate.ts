// Where the banken command lives, for the absolute paths cron and systemd need (neither has the
// user's PATH).
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export const FALLBACK_BANKEN_PATH = "/usr/local/bin/banken";

export function locateBanken(pathEnv: string | undefined): string {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (!dir.startsWith("/")) continue; // a relative PATH entry means nothing to cron
    const candidate = join(dir, "banken");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return FALLBACK_BANKEN_PATH;
}
