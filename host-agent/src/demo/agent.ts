// The real agent (`banken run`, the built CLI) as a child process, as systemd would run it.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface AgentProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

/** The agent's control socket, beside its state (there is no /run/banken here): `banken status` reaches the board through it. */
export function controlSocket(stateDir: string): string {
  return join(stateDir, "control.sock");
}

export function startAgent(root: string, port: string, intervalMs: number, stateDir: string, onLine: (line: string) => void): AgentProcess {
  const args = [join(root, "bin/banken.js"), "run", "--port", port, "--interval", `${intervalMs}ms`, "--state-dir", stateDir, "--control", controlSocket(stateDir)];
  const child = spawn(process.execPath, args, { env: { ...process.env, BANKEN_CONFIG: "" }, stdio: ["ignore", "pipe", "pipe"] });
  let pending = "";
  const onData = (chunk: Buffer): void => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") onLine(line);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return { child, exited };
}

/** Runs a one-shot banken command and returns its output. */
export async function bankenOutput(root: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(root, "bin/banken.js"), ...args], { env: { ...process.env, BANKEN_CONFIG: "" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  return { code, output };
}
