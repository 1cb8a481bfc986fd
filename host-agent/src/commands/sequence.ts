// The heartbeat sequence number, kept in a small state file so it keeps counting across cron runs.
// The board echoes it (`OK BEAT ... seq=N`), which makes a stale reply recognisable in a log.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** --state-dir, else the config's state-dir, else /var/lib/banken for root, else $XDG_STATE_HOME/banken. */
export function stateDir(flag: string | undefined, configured: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) return flag;
  if (configured !== undefined) return configured;
  if (process.getuid?.() === 0) return "/var/lib/banken";
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state"), "banken");
}

/**
 * Reads, increments and stores the sequence number (write-then-rename, so a crash never leaves a
 * torn file). Returns the new number and, if it could not be stored, why (the beat goes out anyway:
 * the number is for diagnosis, the heartbeat is what keeps the host alive).
 */
export function nextSequence(dir: string): { seq: number; problem: string | null } {
  const file = join(dir, "seq");
  let previous = 0;
  try {
    const text = readFileSync(file, "utf8").trim();
    if (/^\d{1,9}$/.test(text)) previous = Number(text);
  } catch {
    // first run, or unreadable: start over at 1
  }
  const seq = previous >= 999999999 ? 1 : previous + 1;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, `${seq}\n`);
    renameSync(`${file}.tmp`, file);
    return { seq, problem: null };
  } catch (error) {
    return { seq, problem: `cannot store the sequence number in ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); use --state-dir` };
  }
}

/** The host's boot id, which changes on every boot, so the board can tell a reboot from a hiccup. */
export function hostBootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "";
  }
}
