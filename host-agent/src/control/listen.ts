// Making the service's socket file: the checks before (the directory, a file already there) and a
// listen() that never leaves the socket reachable by others. A socket file left by a killed service
// (nobody answers on it) is replaced; one a live service answers on is left to it.
import { lstatSync, unlinkSync, type Stats } from "node:fs";
import { createConnection, type Server } from "node:net";
import { dirname } from "node:path";
import { directoryProblem } from "./safety.ts";

/** Why the socket cannot be used, or null (a stale socket file is removed first). */
export async function unusableReason(path: string): Promise<{ text: string; missingDir: boolean } | null> {
  const dir = dirname(path);
  try {
    const problem = directoryProblem(dir);
    if (problem !== null) return { text: problem, missingDir: false };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    const why = missing ? "does not exist (the systemd unit's RuntimeDirectory= makes it; or give --control PATH)" : (error as Error).message;
    return { text: `${dir} ${why}`, missingDir: missing };
  }
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return null; // no file there: the usual case
  }
  // The directory passed its checks, so a socket in it was made by this user or root.
  if (!stats.isSocket()) return { text: `${path} is not a socket; remove it`, missingDir: false };
  if (await answers(path)) return { text: `another banken run already listens on ${path}`, missingDir: false };
  unlinkSync(path);
  return null;
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once("connect", () => (probe.destroy(), resolve(true)));
    probe.once("error", () => resolve(false));
  });
}

/** listen() with umask 177, so the socket is never reachable by others, not even until the chmod. */
export function listenPrivately(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const umask = process.umask(0o177);
    try {
      server.once("error", reject);
      server.listen(path, () => {
        server.off("error", reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
}
