// The stable names udev makes for serial devices: /dev/serial/by-id/*, /dev/serial/by-path/* and our own
// /dev/banken. Each is a symlink to the kernel node; we map kernel name -> link paths.
import { readdir, readlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

export interface DevLinks {
  byId: Map<string, string[]>;
  byPath: Map<string, string[]>;
  /** Kernel name /dev/banken points at, if it exists. */
  banken?: string;
}

async function linkTarget(link: string): Promise<string | undefined> {
  try {
    return basename(resolve(dirname(link), await readlink(link)));
  } catch {
    return undefined;
  }
}

async function readLinkDir(dir: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out; // no such directory: udev is absent or no serial device is plugged in
  }
  for (const name of names.sort()) {
    const link = join(dir, name);
    const target = await linkTarget(link);
    if (target === undefined) continue;
    out.set(target, [...(out.get(target) ?? []), link]);
  }
  return out;
}

export async function readDevLinks(devRoot: string): Promise<DevLinks> {
  return {
    byId: await readLinkDir(join(devRoot, "serial", "by-id")),
    byPath: await readLinkDir(join(devRoot, "serial", "by-path")),
    banken: await linkTarget(join(devRoot, "banken")),
  };
}
