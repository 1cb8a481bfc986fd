// Replace a file so that a reader (cron, systemd, udev, node_exporter) or a power cut sees either the
// old content or the new one, never half of it: write a temporary file in the same directory, fsync
// it, rename it over the target (atomic within one filesystem), then fsync the directory so the
// rename itself is on disk.
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The temporary name starts with "." and ends in ".tmp": cron.d skips names with dots, udev reads only
 * *.rules, systemd only unit suffixes, node_exporter only *.prom, so none reads a half-written file.
 */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPath(path);
  try {
    const handle = await open(temp, "w", mode);
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
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
