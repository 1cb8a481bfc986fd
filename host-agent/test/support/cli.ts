// Runs the built CLI (node bin/banken.js ...) as a child process, as cron and systemd do.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");
export const BIN = join(ROOT, "bin/banken.js");
const BUNDLE = join(ROOT, "dist/agent/cli.js");

// What dist/agent/ is compiled from: the agent and the programs it runs (rollup.config.js).
const AGENT_SOURCES = ["host-agent/src", "sim", "chart"];

/** The tests exercise the bundle, so a stale one would test old code: refuse it. */
export function assertBuilt(): void {
  if (!existsSync(BUNDLE)) throw new Error("dist/agent/cli.js is missing: run `npm run build` first");
  const builtMs = statSync(BUNDLE).mtimeMs;
  for (const dir of AGENT_SOURCES) {
    const sources = readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const newer = sources.find((file) => statSync(join(ROOT, dir, file)).mtimeMs > builtMs);
    if (newer !== undefined) throw new Error(`dist/agent is older than ${dir}/${newer}: run \`npm run build\` first`);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

/** Starts `banken <args>` with no config file unless the test names one. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []): CliRun {
  const argv = [...wrapper, process.execPath, BIN, ...args];
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, BANKEN_CONFIG: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolveDone) => child.once("close", (code) => resolveDone({ code, stdout, stderr })));
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []): Promise<CliResult> {
  return startCli(args, env, wrapper).done;
}
