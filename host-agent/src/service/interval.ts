// The service's beat interval must be comfortably below the board's timeout: at most half of it, so
// one lost heartbeat (a slow check run, a USB hiccup, a re-open after an unplug) never resets a
// healthy host. `--force` overrides.
import { AgentError } from "../errors.ts";
import { formatDurationMs } from "../units.ts";

export const MAX_INTERVAL_SHARE = 0.5;

export function checkIntervalFits(intervalMs: number, timeoutMs: number, label: string): void {
  if (intervalMs <= timeoutMs * MAX_INTERVAL_SHARE) return;
  throw new AgentError(
    "usage",
    `${label} (${formatDurationMs(intervalMs)}) is not comfortably below the board's timeout (${formatDurationMs(timeoutMs)}): ` +
      `keep it at most ${formatDurationMs(Math.floor(timeoutMs * MAX_INTERVAL_SHARE))}, or add --force`,
  );
}
