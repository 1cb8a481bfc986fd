// Test fixtures for the health checks: a scratch directory, fake system programs on PATH (a
// `ping`, `stat` or `systemctl` that answers what the test needs, or never answers), and a
// loopback HTTP server. Everything stays on 127.0.0.1 and under os.tmpdir().

import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Scratch {
  dir: string;
  /** Writes an executable /bin/sh script `name` into the scratch bin directory. */
  fakeProgram(name: string, body: string): Promise<void>;
  /** process.env with the scratch bin directory first on PATH. */
  env: NodeJS.ProcessEnv;
  /** process.env with only the scratch bin directory on PATH (real tools are "not installed"). */
  envOnlyFakes: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

export async function makeScratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), "banken-checks-"));
  const bin = join(dir, "bin");
  await mkdir(bin);
  return {
    dir,
    async fakeProgram(name, body) {
      const path = join(bin, name);
      // The script gets the real PATH back so it can call sleep, echo and friends.
      await writeFile(path, `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`);
      await chmod(path, 0o755);
    },
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` },
    envOnlyFakes: { ...process.env, PATH: bin },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A loopback HTTP server; `url` ends in "/". */
export async function listen(handler: RequestListener): Promise<{ server: Server; url: string; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const probe = await listen(() => undefined);
  await probe.close();
  return probe.port;
}

/** True while `pid` is a live process (a zombie awaiting its reaper counts as gone). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Polls until `pid` is gone; false if it is still alive after `withinMs`. */
export async function goneWithin(pid: number, withinMs: number): Promise<boolean> {
  const endMs = Date.now() + withinMs;
  while (Date.now() < endMs) {
    if (!(await isAlive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !(await isAlive(pid));
}

/** Reads a pid a fake program wrote, waiting for it to appear. */
export async function readPid(path: string, withinMs = 2000): Promise<number> {
  const endMs = Date.now() + withinMs;
  for (;;) {
    const text = await readFile(path, "utf8").catch(() => "");
    if (/^\d+\s*$/.test(text)) return Number(text);
    if (Date.now() > endMs) throw new Error(`no pid in ${path} after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
