// Item 8 (issue 12): what the service's control socket adds to a board request, and whether the
// service's heartbeats stay on time while the socket is busy.
// - Latency: STATUS round trips on the port itself (the agent's BoardClient), then the same through
//   `banken run`'s socket (the agent's ControlClient), one at a time; and whole `banken arm` runs
//   (process start included; one request that leaves the board armed) on the free port and through
//   the service.
// - Heartbeats: 4 clients ask STATUS back to back through the socket for the window, beside a
//   client that connects and never sends. Every reply carries the board's own `left`, so
//   timeout − left is the time since the board's last BEAT; its maximum over all replies is the
//   longest gap the board saw between two heartbeats (the interval is 1 s).
import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { join } from "node:path";
import { ControlClient } from "../../host-agent/src/control/client.ts";
import { intField, type OkReply } from "../../host-agent/src/protocol/reply.ts";
import { openClient, type BenchBoard } from "../lib/board-pty.ts";
import { measureProcess } from "../lib/proc.ts";
import { row, type Row } from "../lib/result.ts";
import { bankenBin } from "../lib/snapshot.ts";
import { round, summary } from "../lib/stats.ts";

const INTERVAL_MS = 1000;
const LOADERS = 4;

async function timed(count: number, request: () => Promise<OkReply>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await request(); // warm-up: JIT, first reads
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await request();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function commandRuns(count: number, argv: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const cost = await measureProcess(["node", bankenBin(), ...argv], { ...process.env, BANKEN_CONFIG: "" });
    if (cost.code !== 0) throw new Error(`banken ${argv.join(" ")} exited ${cost.code}: ${cost.stderr.trim()}`);
    samples.push(cost.wallMs);
  }
  return samples;
}

export async function measureControl(board: BenchBoard, count: number, windowMs: number, runs: number): Promise<Row[]> {
  const socketPath = join(board.dir, "control.sock");
  const arm = ["arm", "--port", board.tty, "--control", socketPath];
  const direct = await openClient(board.tty, 2000);
  let directMs: number[];
  try {
    directMs = await timed(count, () => direct.request("STATUS"));
  } finally {
    await direct.close();
  }
  const directRunMs = await commandRuns(runs, arm);

  const service = spawn("node", [bankenBin(), "run", "--port", board.tty, "--control", socketPath, "--interval", "1s", "--state-dir", join(board.dir, "control-state")], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BANKEN_CONFIG: "" },
  });
  let log = "";
  service.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  service.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((done) => service.once("exit", () => done()));
  try {
    const startedAt = Date.now();
    while (!(log.includes("connected:") && log.includes("control socket"))) {
      if (service.exitCode !== null || Date.now() - startedAt > 10000) throw new Error(`banken run did not connect: ${log.trim()}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    const client = await ControlClient.open(socketPath, board.tty, 4000);
    if (!(client instanceof ControlClient)) throw new Error(`the control socket was not usable: ${client.why}`);
    let viaMs: number[];
    try {
      viaMs = await timed(count, () => client.request("STATUS"));
    } finally {
      client.close();
    }
    const viaRunMs = await commandRuns(runs, arm);
    const load = await beatsUnderLoad(board, socketPath, windowMs);
    const d = summary(directMs, 3);
    const v = summary(viaMs, 3);
    const dr = summary(directRunMs, 1);
    const vr = summary(viaRunMs, 1);
    return [
      row("8", "STATUS round trip, port", d.p50, "ms", `p99 ${d.p99}; ${d.n} requests on the agent's BoardClient (${board.kind} board)`),
      row("8", "STATUS round trip, via service", v.p50, "ms", `p99 ${v.p99}; ${v.n} requests through the control socket (ControlClient)`),
      row("8", "added by the socket, p50 / p99", round(v.p50 - d.p50, 3), "ms", `p99 ${round(v.p99 - d.p99, 3)} ms`),
      row("8", "`banken arm`, port", dr.p50, "ms", `p99 ${dr.p99}; ${dr.n} runs, process start included`),
      row("8", "`banken arm`, via service", vr.p50, "ms", `p99 ${vr.p99}; ${vr.n} runs`),
      row("8", "longest gap between beats under load", load.longestGapMs, "ms",
        `interval ${INTERVAL_MS} ms; ${load.samples} STATUS replies from ${LOADERS} clients + 1 silent client over ${round(windowMs / 1000, 1)} s; ` +
        `since-beat p50 ${load.sinceBeat.p50}, p99 ${load.sinceBeat.p99}; ${load.beats} beats received, ${load.expected} expected`,
        `≤ ${INTERVAL_MS + 100} ms`, load.longestGapMs <= INTERVAL_MS + 100),
    ];
  } finally {
    if (service.exitCode === null) service.kill("SIGTERM");
    await exited;
  }
}

async function beatsUnderLoad(board: BenchBoard, socketPath: string, windowMs: number) {
  const silent = createConnection(socketPath);
  silent.on("error", () => undefined);
  const beatsBefore = board.received().filter((line) => line.startsWith("BEAT")).length;
  const startedAt = performance.now();
  const sinceBeat: number[] = [];
  const loader = async (): Promise<void> => {
    const client = await ControlClient.open(socketPath, board.tty, 4000);
    if (!(client instanceof ControlClient)) throw new Error(`the control socket was not usable: ${client.why}`);
    try {
      while (performance.now() - startedAt < windowMs) {
        const reply = await client.request("STATUS");
        const left = intField(reply, "left");
        if (left >= 0) sinceBeat.push(intField(reply, "timeout") - left);
      }
    } finally {
      client.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: LOADERS }, loader));
  } finally {
    silent.destroy();
  }
  const elapsedMs = performance.now() - startedAt;
  const beats = board.received().filter((line) => line.startsWith("BEAT")).length - beatsBefore;
  return {
    samples: sinceBeat.length,
    longestGapMs: sinceBeat.length === 0 ? NaN : sinceBeat.reduce((a, b) => Math.max(a, b)), // not Math.max(...): too many samples for the stack
    sinceBeat: summary(sinceBeat, 0),
    beats,
    expected: Math.floor(elapsedMs / INTERVAL_MS),
  };
}
