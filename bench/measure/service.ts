// Item 2: `banken run --interval 1s` with the locally runnable checks of examples/banken.toml
// (lib/agent-config.ts) for the given time. CPU seconds and RSS from /proc/<pid>; missed beats
// from what the board received (its input log) against one beat per second of the window.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { serviceConfig } from "../lib/agent-config.ts";
import type { BenchBoard } from "../lib/board-pty.ts";
import { procSample } from "../lib/proc.ts";
import { bankenBin } from "../lib/snapshot.ts";
import { row, type Row } from "../lib/result.ts";
import { round } from "../lib/stats.ts";

const INTERVAL_MS = 1000;
/** Start-up (import, first checks, first beat) is item 1's business: measure from here on. */
const SETTLE_MS = 5000;
/** RSS is sampled this often so a growth can be told apart from a level-off (the curve is in the note). */
const RSS_SAMPLE_MS = 30000;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const beatsReceived = (board: BenchBoard): number => board.received().filter((l) => l.startsWith("BEAT")).length;

export async function measureService(board: BenchBoard, durationMs: number): Promise<Row[]> {
  const config = serviceConfig(board.dir, board.tty);
  const argv = [bankenBin(), "run", "--config", config, "--interval", "1s", "--state-dir", join(board.dir, "service-state")];
  const agent = spawn("node", argv, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  agent.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => agent.once("exit", (code) => done(code)));
  const pid = agent.pid;
  if (pid === undefined) throw new Error("banken run did not start");
  try {
    await sleep(SETTLE_MS);
    if (agent.exitCode !== null) throw new Error(`banken run exited ${agent.exitCode}: ${stderr.trim()}`);
    const start = procSample(pid);
    const beatsAtStart = beatsReceived(board);
    const startedAt = performance.now();
    const curveKiB = [start.rssKiB];
    while (performance.now() - startedAt < durationMs) {
      await sleep(Math.min(RSS_SAMPLE_MS, durationMs - (performance.now() - startedAt)));
      if (agent.exitCode !== null) throw new Error(`banken run exited ${agent.exitCode}: ${stderr.trim()}`);
      curveKiB.push(procSample(pid).rssKiB);
    }
    const end = procSample(pid);
    const peakRssKiB = Math.max(...curveKiB, end.rssKiB);
    const windowMs = performance.now() - startedAt;
    const beats = beatsReceived(board) - beatsAtStart;
    const expected = Math.floor(windowMs / INTERVAL_MS);
    const missed = Math.max(0, expected - beats);
    const cpuS = end.cpuS - start.cpuS;
    const minutes = round(windowMs / 60000, 2);
    const growthMiB = round((end.rssKiB - start.rssKiB) / 1024, 1);
    return [
      row("2", "banken run: CPU used", round(cpuS, 2), "s", `over ${minutes} min at 1 beat/s with 5 checks; ${round((cpuS / windowMs) * 1000 * 100, 2)}% of one core`),
      row("2", "banken run: RSS at start", round(start.rssKiB / 1024, 1), "MiB", `${SETTLE_MS / 1000} s after start`),
      row("2", "banken run: RSS at end", round(end.rssKiB / 1024, 1), "MiB", `peak seen ${round(peakRssKiB / 1024, 1)} MiB; growth ${growthMiB} MiB`, "no growth", growthMiB <= 1),
      row("2", "banken run: RSS growth, 2nd half", secondHalfGrowthMiB(curveKiB), "MiB", `levels off if ≈ 0; MiB every ${RSS_SAMPLE_MS / 1000} s: ${curveKiB.map((k) => round(k / 1024, 1)).join(" ")}`),
      row("2", "banken run: missed beats", missed, "", `${beats} received, ${expected} expected in ${minutes} min`, "0", missed === 0),
    ];
  } finally {
    if (agent.exitCode === null) agent.kill("SIGTERM");
    await exited;
  }
}

/** Growth over the second half of the samples: a level-off shows as ≈ 0 even after an early rise. */
function secondHalfGrowthMiB(curveKiB: number[]): number {
  const mid = curveKiB[Math.floor((curveKiB.length - 1) / 2)];
  return round((curveKiB[curveKiB.length - 1] - mid) / 1024, 1);
}
