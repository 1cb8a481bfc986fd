// The one way the agent writes a file (metrics, install files; the sequence claims use the same
// directory check). A reader (cron, systemd, udev, node_exporter) or a power cut sees either the old
// content or the new one, never half of it, and root never writes through a link someone planted:
// - the directory must be one only root or the agent's user can change (config/trust.ts);
// - the temporary file has a random name and is created with O_CREAT|O_EXCL|O_NOFOLLOW in the
//   target's own directory, so a planted file or symlink makes the open fail instead of being followed;
// - it is fsync'd, renamed over the target (rename replaces a link, never follows it), and the
//   directory is fsync'd so the rename itself is on disk.
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { checkWritableDirectory } from "../config/trust.ts";

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * The temporary name starts with "." and ends in ".tmp": cron.d skips names with dots, udev reads only
 * *.rules, systemd only unit suffixes, node_exporter only *.prom, so none reads a half-written file.
 * The random part makes it unguessable: nobody can plant a link under it beforehand.
 */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString("hex")}.tmp`);
}

export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  checkWritableDirectory(dir);
  const temp = tempPath(path);
  const handle = await open(temp, CREATE_NEW, 0o600);
  try {
    try {
      await handle.writeFile(text);
      await handle.chmod(mode); // open()'s mode is filtered by the umask; the file must be exactly this
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** fsync of the directory: the rename (or a new entry) survives a power cut. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
