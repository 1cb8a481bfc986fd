// The heartbeat sequence number, kept in the state directory so it keeps counting across cron runs.
// The board echoes it (`OK BEAT ... seq=N`), so the agent can tell its own reply from a stale one.
// Two `banken beat`s at once (a slow cron minute and the next) must not send the same number, and a
// beat killed at any point must not leave a lock behind: so the number N is *claimed* by creating
// the empty file `seq.N` with O_CREAT|O_EXCL|O_NOFOLLOW, which exactly one process can do; then the
// lower claims are removed. The highest `seq.N` in the directory is the last number sent (after a
// wrap from 999,999,999 to 1, a beat that read the old number in that instant may repeat it once).
import { closeSync, constants, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { checkWritableDirectory } from "../config/trust.ts";

const MAX_SEQ = 999999999;
const CLAIM = /^seq\.(\d{1,9})$/;
/** More contenders than this at one moment is not a cron setup; give up rather than spin. */
const MAX_TRIES = 1000;

/** --state-dir, else the config's state-dir, else /var/lib/banken for root, else $XDG_STATE_HOME/banken. */
export function stateDir(flag: string | undefined, configured: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) return flag;
  if (configured !== undefined) return configured;
  if (process.getuid?.() === 0) return "/var/lib/banken";
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state"), "banken");
}

/**
 * Claims the next sequence number. Returns it and, if it could not be stored, why (the beat goes out
 * anyway: the number is for diagnosis, the heartbeat is what keeps the host alive).
 */
export function nextSequence(dir: string): { seq: number; problem: string | null } {
  let candidate = 1;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    checkWritableDirectory(dir);
    const last = lastSequence(dir);
    candidate = last >= MAX_SEQ ? 1 : last + 1;
    for (let tries = 0; tries < MAX_TRIES; tries++, candidate = candidate >= MAX_SEQ ? 1 : candidate + 1) {
      if (!claim(dir, candidate)) continue;
      // A number below the newest claim may have been claimed and removed already (by a beat that
      // went past it): then this claim is a repeat. The newest claim is never removed, so it shows.
      const newest = lastSequence(dir);
      if (newest > candidate) {
        removeClaim(dir, `seq.${candidate}`);
        candidate = newest; // the loop's step makes it newest + 1
        continue;
      }
      removeOlder(dir, candidate);
      return { seq: candidate, problem: null };
    }
    return { seq: candidate, problem: `cannot claim a sequence number in ${dir}: ${MAX_TRIES} numbers in a row were taken` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { seq: candidate, problem: `cannot store the sequence number in ${dir} (${code ?? (error as Error).message}); use --state-dir` };
  }
}

/** The highest claimed number; a `seq` file of older versions counts too. 0 when there is none. */
export function lastSequence(dir: string): number {
  let last = 0;
  for (const name of readdirSync(dir)) {
    const match = CLAIM.exec(name);
    if (match !== null) last = Math.max(last, Number(match[1]));
  }
  try {
    const legacy = readFileSync(join(dir, "seq"), "utf8").trim();
    if (/^\d{1,9}$/.test(legacy)) last = Math.max(last, Number(legacy));
  } catch {
    // none: the usual case
  }
  return last;
}

/** true if this process now owns `n`; false if another one claimed it first. */
function claim(dir: string, n: number): boolean {
  let fd: number;
  try {
    fd = openSync(join(dir, `seq.${n}`), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  closeSync(fd);
  const dirFd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(dirFd); // after a power cut the number is still taken, so it is not sent twice
  } finally {
    closeSync(dirFd);
  }
  return true;
}

/** Removes the claims below `n` (after a wrap to 1: every other one) and the old `seq` file. */
function removeOlder(dir: string, n: number): void {
  for (const name of readdirSync(dir)) {
    const match = CLAIM.exec(name);
    const older = match !== null && (Number(match[1]) < n || (n === 1 && Number(match[1]) !== 1));
    if (older || name === "seq" || name === "seq.tmp") removeClaim(dir, name);
  }
}

function removeClaim(dir: string, name: string): void {
  try {
    unlinkSync(join(dir, name));
  } catch {
    // a concurrent beat removed it first
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
