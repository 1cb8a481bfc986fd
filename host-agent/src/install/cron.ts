// /etc/cron.d/banken: `banken beat` every minute. Cron cannot go below one minute, so the board's
// timeout must leave room for two missed minutes plus a slow beat: we require timeout >= 3 minutes.
import { AgentError } from "../errors.ts";
import { bankenCommand } from "./types.ts";
import type { InstallOptions, InstallPlan } from "./types.ts";

export const CRON_INTERVAL_MS = 60000;
/** Interval at most a third of the timeout: a beat can fail or be late twice before the board acts. */
export const MIN_TIMEOUT_INTERVALS = 3;

export function cronPlan(options: InstallOptions, boardTimeoutMs: number, force: boolean): InstallPlan {
  if (boardTimeoutMs < CRON_INTERVAL_MS * MIN_TIMEOUT_INTERVALS && !force) {
    throw new AgentError(
      "usage",
      `cron beats once a minute, too close to a board timeout of ${boardTimeoutMs} ms (want at least ${CRON_INTERVAL_MS * MIN_TIMEOUT_INTERVALS} ms); raise the board's timeout, use the service (install systemd), or --force`,
    );
  }
  const text = [
    "# banken: heartbeat to the hardware watchdog every minute while the health checks pass.",
    `# Board timeout ${boardTimeoutMs} ms; one beat a minute leaves room for missed beats.`,
    "# Silent on success; a failure prints one line, which cron mails to the owner.",
    "SHELL=/bin/sh",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    `* * * * * ${options.user ?? "root"} ${bankenCommand(options, ["beat"], true)}`,
    "",
  ].join("\n");
  return {
    // cron.d files must be owned by root, not group/other-writable, and have no dot in the name.
    files: [{ path: "/etc/cron.d/banken", text, mode: 0o644 }],
    next: [], // cron reads /etc/cron.d by itself
  };
}
