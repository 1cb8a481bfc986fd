// Which files and directories root may trust, as sshd's StrictModes and cron decide it: a file that
// another user can change (its owner, or anyone through a group/other write bit, on it or on a
// directory above it) would let that user steer what root runs or where root writes. Symlinks are
// resolved first and the real path is judged, component by component, as sshd's safe_path() does.
import { realpathSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";

/** A path root must not trust; the message is one line, and `fix` is the command that mends it. */
export class UntrustedPathError extends Error {
  constructor(
    /** The path as given, with its real path when a symlink led elsewhere. */
    readonly subject: string,
    /** What is wrong: "it is writable by others (mode 0666)", "/etc/x is owned by uid 1000, ...". */
    readonly reason: string,
    readonly fix: string,
    verb = "refusing",
  ) {
    super(`${verb} ${subject}: ${reason}`);
    this.name = "UntrustedPathError";
  }
}

/** What is wrong, and the command that mends it. */
interface Problem {
  reason: string;
  fix: string;
}

/** The user the agent runs as (effective uid); root is always trusted besides. */
function myUid(): number {
  return process.geteuid?.() ?? 0;
}

/** Why `stats` (of `path`, called `label` in the sentence) is not trusted, or null. Directories may be sticky and root's, as /tmp. */
function problem(path: string, label: string, stats: Stats, uid: number): Problem | null {
  if (stats.uid !== 0 && stats.uid !== uid) {
    return { reason: `${label} is owned by uid ${stats.uid}, not by root or the user running banken (uid ${uid})`, fix: `chown root ${path}` };
  }
  const stickyRoot = stats.isDirectory() && (stats.mode & 0o1000) !== 0 && stats.uid === 0;
  if ((stats.mode & 0o022) !== 0 && !stickyRoot) {
    const mode = (stats.mode & 0o7777).toString(8).padStart(4, "0");
    return { reason: `${label} is writable by ${(stats.mode & 0o002) !== 0 ? "others" : "its group"} (mode ${mode})`, fix: `chmod go-w ${path}` };
  }
  return null;
}

/** The first problem with a directory above `real` (up to "/"), or null. */
function directoriesAbove(real: string, uid: number): Problem | null {
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    const found = problem(dir, `${dir} above it`, statSync(dir), uid);
    if (found !== null || dir === dirname(dir)) return found;
  }
}

/** How a path is named in a message: its real path too when a symlink led there. */
function named(path: string, real: string): string {
  return real === path ? path : `${path} (→ ${real})`;
}

/**
 * Throws UntrustedPathError when root should not read or run `path`: it, or a directory above its
 * real path, is owned by another user or writable by group or others. A missing file passes (the
 * caller reports it in its own words).
 */
export function checkTrustedFile(path: string, uid = myUid()): void {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return;
  }
  const found = problem(real, "it", statSync(real), uid) ?? directoriesAbove(real, uid);
  if (found !== null) throw new UntrustedPathError(named(path, real), found.reason, found.fix);
}

/**
 * Throws UntrustedPathError unless files may be written safely in directory `dir`: only root or the
 * agent's user can change its real directory (a sticky root-owned one like /tmp is fine). The
 * directories above are not judged: Debian's textfile directory /var/lib/prometheus/node-exporter
 * sits in /var/lib/prometheus, which the prometheus user owns, and the writer never follows a link
 * inside the directory (atomic-write.ts), so its owner could at most move where a new file appears.
 */
export function checkWritableDirectory(dir: string, uid = myUid()): void {
  const real = realpathSync(dir);
  const found = problem(real, "it", statSync(real), uid);
  if (found !== null) throw new UntrustedPathError(named(dir, real), found.reason, found.fix, "refusing to write in");
}
