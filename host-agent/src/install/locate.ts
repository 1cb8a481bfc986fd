// Where the banken command lives, for the absolute paths cron and systemd need (neither has the
// user's PATH).
import { onPath } from "../on-path.ts";

export const FALLBACK_BANKEN_PATH = "/usr/local/bin/banken";

export function locateBanken(pathEnv: string | undefined): string {
  return onPath("banken", pathEnv, true) ?? FALLBACK_BANKEN_PATH; // a relative PATH entry means nothing to cron
}
