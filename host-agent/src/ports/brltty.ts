// brltty (the braille display daemon, installed by default on some desktops) claims CH340 and CP210x
// bridges on plug-in, so their tty vanishes or is busy. We can tell when: a process named brltty runs,
// or a USB device of those vendors has no tty bound to it.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** true when a process whose comm is "brltty" runs under `procRoot`. */
export async function brlttyRunning(procRoot: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return false;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue; // only process directories
    try {
      if ((await readFile(join(procRoot, pid, "comm"), "utf8")).trim() === "brltty") return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}
