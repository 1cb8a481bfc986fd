// Whole-process cost of a command: wall time measured here (spawn → exit, monotonic clock) and peak
// RSS from GNU time (`/usr/bin/time -f %M`, the kernel's getrusage(RUSAGE_CHILDREN) ru_maxrss of the
// command). Debian: `apt-get install -y time` if /usr/bin/time is missing.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const GNU_TIME = "/usr/bin/time";

export class BenchSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchSetupError";
    this.stack = `BenchSetupError: ${message}`;
  }
}

export function requireGnuTime(): void {
  if (!existsSync(GNU_TIME)) throw new BenchSetupError(`${GNU_TIME} is missing: install it with \`apt-get install -y time\` (Debian package "time")`);
}

export interface ProcessCost {
  wallMs: number;
  peakRssKiB: number;
  code: number;
  stderr: string;
}

/** Runs `argv` once under GNU time; never throws for a non-zero exit (the caller checks `code`). */
export async function measureProcess(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessCost> {
  const dir = mkdtempSync(join(tmpdir(), "banken-bench-time-"));
  const out = join(dir, "time");
  try {
    const started = performance.now();
    const child = spawn(GNU_TIME, ["-f", "%M", "-o", out, ...argv], { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number>((done, fail) => {
      child.once("error", fail);
      child.once("close", (c) => done(c ?? -1));
    });
    const wallMs = performance.now() - started;
    const text = readFileSync(out, "utf8").trim().split("\n");
    const peakRssKiB = Number(text[text.length - 1]);
    return { wallMs, peakRssKiB, code, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system) and RSS of a running process, from /proc. */
export function procSample(pid: number): { cpuS: number; rssKiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return { cpuS: ticks / CLOCK_TICKS_PER_S, rssKiB };
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_S = 100;
