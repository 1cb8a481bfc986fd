// The fleet guard in `banken beat` (cron): each run is a new process, so the guard's memory (pass
// streak, who was seen holding since when, an unreachable spell) is kept in <state-dir>/fleet-state.json
// from one run to the next, and times are the host's wall clock (a monotonic clock does not survive
// the process; it is still this host's own clock, so other hosts' skew does not matter).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../install/atomic-write.ts";
import type { Logger } from "../log.ts";
import { withBoard, type ConnectFlags } from "../cli/connect.ts";
import { openBackend } from "./open-backend.ts";
import type { FleetConfig } from "./config.ts";
import { FleetGuard, hostId, type FleetSnapshot, type SavedGuard } from "./guard.ts";

/** Cron's usual interval: the lock request gets a quarter of it (bounded to 5 s by the guard). */
const CRON_INTERVAL_MS = 60000;
/** The firmware's default timeoutMs, for the grace when the board cannot be asked. */
const DEFAULT_BOARD_TIMEOUT_MS = 600000;

export interface CronGuard {
  /** Checks failed: true when the heartbeat must go out anyway (no slot: holding off). */
  failing(path: string, flags: ConnectFlags, summary: string): Promise<boolean>;
  /** Checks passed and the beat went out: give a slot back after two such runs. */
  passed(): Promise<void>;
  /** For the metrics file. */
  snapshot(): FleetSnapshot;
  /** Stores the guard's memory for the next run; a problem comes back as one line (the beat is not failed for it). */
  save(): Promise<string | null>;
}

export async function cronGuard(config: FleetConfig, stateDir: string, log: Logger): Promise<CronGuard> {
  const file = join(stateDir, "fleet-state.json");
  let saved: SavedGuard | null = null;
  try {
    saved = JSON.parse(readFileSync(file, "utf8")) as SavedGuard;
  } catch {
    // first run, or unreadable: start afresh (a slot possibly held is released after two passing runs)
  }
  if (config.backend === "etcd") (await import("./etcd-lock.ts")).clientOptions(config, 1000); // a missing TLS file is a config error
  const guard = new FleetGuard({ config, log, stateDir, open: (timeoutMs) => openBackend(config, timeoutMs), nowMs: () => Date.now(), saved }, hostId(config.id));
  return {
    failing: async (path, flags, summary) => {
      // The isolation grace defaults to twice the board's timeout: ask the board (failing runs only).
      const timeoutMs = config.isolationGraceMs !== undefined ? null : await withBoard(path, flags, async (c) => Number((await c.request("STATUS")).fields.timeout)).catch(() => null);
      guard.boardKnown(timeoutMs !== null && timeoutMs > 0 ? timeoutMs : DEFAULT_BOARD_TIMEOUT_MS, CRON_INTERVAL_MS);
      return guard.round(false, summary);
    },
    passed: async () => {
      guard.boardKnown(DEFAULT_BOARD_TIMEOUT_MS, CRON_INTERVAL_MS);
      await guard.round(true, "");
    },
    snapshot: () => guard.snapshot(),
    save: async () => {
      await guard.close();
      return writeFileAtomic(file, `${JSON.stringify(guard.save())}\n`, 0o644).then(
        () => null,
        (error: NodeJS.ErrnoException) => `cannot store the fleet guard's state in ${file} (${error.code ?? error.message})`,
      );
    },
  };
}
