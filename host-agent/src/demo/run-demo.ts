// The demo's story, on a simulated ESP32 behind a pty with the real agent: a healthy host beats;
// the host hangs (its agent frozen with SIGSTOP, as a hung kernel would freeze it); the board warns
// and presses reset; the host "reboots" (the frozen agent dies with it) and a fresh agent beats
// again; `banken status` tells the history. Every wait has a deadline: a story that does not happen
// fails the demo instead of hanging it.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentError } from "../errors.ts";
import type { SimEvent } from "../../../sim/events.ts";
import { configureSimBoard } from "../sim/configure.ts";
import { startSimBoard, type SimBoardProcess } from "../sim/launch.ts";
import { programArgs } from "../sim/programs.ts";
import { repoRoot } from "../sim/root.ts";
import { ensureBuilt } from "../flash/build.ts";
import { bankenOutput, controlSocket, startAgent, type AgentProcess } from "./agent.ts";
import { applyEvent, initialModel, type DemoModel } from "./model.ts";
import type { DemoTimeline } from "./timeline.ts";
import { emptyTrace, record } from "./trace.ts";
import { DemoScreen } from "./screen.ts";
import { eventLine } from "./view.ts";

export interface DemoOptions {
  timeline: DemoTimeline;
  outDir: string;
  live: boolean;
  out: NodeJS.WritableStream;
  signal: AbortSignal;
}

export interface DemoResult {
  resets: number;
  pulseMs: number | null;
  beatsAfterReset: number;
  chartPath: string;
  tracePath: string;
  status: string;
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const root = repoRoot();
  const t = o.timeline;
  const model: DemoModel = initialModel(t.timeoutMs, t.warnMs, t.pulseMs);
  const screen = new DemoScreen(o.out, o.live, model);
  const say = (line: string): void => screen.say(line);
  const setPhase = (text: string): void => screen.setPhase(text);
  // "builds the firmware": a checkout pulled or edited since the last build gets a fresh bundle.
  ensureBuilt(root, join(root, "dist/firmware/esp32.js"), (line) => void o.out.write(`${line}\n`));
  const scratch = mkdtempSync(join(tmpdir(), "banken-demo-"));
  const link = join(scratch, "tty");
  const trace = emptyTrace(t, "esp32");
  screen.start();
  let board: SimBoardProcess;
  try {
    board = await startSimBoard({
      board: "esp32",
      link,
      onEvent: (event: SimEvent) => {
        screen.boardTime(event.tMs, Date.now());
        record(trace, event);
        const line = eventLine(event, model);
        applyEvent(model, event, Date.now());
        if (line !== null) screen.log(line);
      },
      onOther: (line) => say(`board process: ${line}`),
    });
  } catch (error) {
    screen.finish();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const agents: AgentProcess[] = [];
  const agentSays = (line: string): void => {
    const text = line.replace(/^banken: /, "");
    if (!text.startsWith("board says:")) say(`agent: ${text}`); // the board's own line is logged already
  };
  try {
    await configureSimBoard(link, { timeoutMs: t.timeoutMs, pulseMs: t.pulseMs, warnMs: t.warnMs });
    say(`board set to: timeout ${t.timeoutMs / 1000} s, reset pulse ${t.pulseMs / 1000} s, warning ${t.warnMs / 1000} s before the reset`);

    setPhase(`host healthy: the agent (banken run) sends a heartbeat every ${t.intervalMs / 1000} s`);
    const stateDir = join(scratch, "state");
    mkdirSync(stateDir);
    const first = startAgent(root, link, t.intervalMs, stateDir, agentSays);
    agents.push(first);
    await until(o.signal, () => model.beats >= 1, 10000, "the agent's first heartbeat");
    await pause(o.signal, t.healthyMs);

    setPhase("host hangs: its agent is frozen (SIGSTOP), no more heartbeats");
    first.child.kill("SIGSTOP");
    trace.note = `the host (its agent) was frozen at ${(screen.boardNowMs() / 1000).toFixed(1)} s`;
    await until(o.signal, () => model.relay, t.timeoutMs + 5000, "the board pressing reset");
    setPhase("the board presses the host's reset button");
    await until(o.signal, () => !model.relay, t.pulseMs + 5000, "the reset pulse ending");
    first.child.kill("SIGKILL"); // the reset took the hung host, and its agent, down
    await first.exited;
    setPhase("host reboots (the board waits for its first heartbeat, without judging the boot)");
    await pause(o.signal, t.bootMs);

    setPhase("host is back: a fresh agent starts and beats again");
    const second = startAgent(root, link, t.intervalMs, stateDir, agentSays);
    agents.push(second);
    await until(o.signal, () => model.beatsAfterReset >= 1, 10000, "a heartbeat from the host after the reset");
    await pause(o.signal, t.afterMs);

    setPhase("the board's history (banken status, through the running agent)");
    const status = await bankenOutput(root, ["status", "--port", link, "--control", controlSocket(stateDir)]);
    second.child.kill("SIGTERM");
    await second.exited;
    screen.finish();
    // The history goes below the panel as plain text: it stays readable after the demo ends.
    o.out.write(`\n${status.output.trimEnd().split("\n").map((line) => `  ${line}`).join("\n")}\n`);

    mkdirSync(o.outDir, { recursive: true });
    const tracePath = join(o.outDir, "demo-trace.json");
    const chartPath = join(o.outDir, "demo-timing.svg");
    trace.passed = model.resets >= 1 && model.beatsAfterReset >= 1;
    writeFileSync(tracePath, JSON.stringify(trace, null, 1));
    await renderChart(root, tracePath, chartPath);
    return { resets: model.resets, pulseMs: model.lastPulseMs, beatsAfterReset: model.beatsAfterReset, chartPath, tracePath, status: status.output };
  } finally {
    screen.finish();
    for (const agent of agents) {
      agent.child.kill("SIGKILL");
      await agent.exited;
    }
    await board.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function renderChart(root: string, tracePath: string, chartPath: string): Promise<void> {
  const child = spawn(process.execPath, [...programArgs(root, "demo-chart"), tracePath, chartPath], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  if (code !== 0) throw new AgentError("usage", `could not draw the timing chart: ${stderr.trim()}`);
}

function aborted(): AgentError {
  return new AgentError("usage", "demo stopped");
}

function pause(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(aborted());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    signal.addEventListener("abort", stop, { once: true });
  });
}

async function until(signal: AbortSignal, done: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new AgentError("protocol", `waited ${deadlineMs} ms for ${what}, in vain`);
    await pause(signal, 20);
  }
}
