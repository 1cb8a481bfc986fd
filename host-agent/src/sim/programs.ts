// The agent's own programs that run as child processes (the simulated board, the demo's chart
// renderer). An installed banken runs their JavaScript, compiled beside cli.js (rollup.config.js,
// agentPrograms); the tests run the agent from its TypeScript sources, and then the programs' sources
// run through tsx, so a test never needs a fresh build of them.
import { join } from "node:path";

export type AgentProgram = "sim-board" | "demo-chart";

/** Each program's source; rollup.config.js (agentPrograms) compiles the same files. */
export const PROGRAM_SOURCES: Record<AgentProgram, string> = {
  "sim-board": "sim/tty-board.ts",
  "demo-chart": "host-agent/src/demo/chart-cli.ts",
};

/** Whether this module runs from its TypeScript source (tsx) rather than from dist/agent/. */
export function runningFromSource(moduleUrl: string = import.meta.url): boolean {
  return moduleUrl.endsWith(".ts");
}

/** The node arguments that start `program` in the banken package at `root`. */
export function programArgs(root: string, program: AgentProgram, fromSource = runningFromSource()): string[] {
  return fromSource ? ["--import", "tsx", join(root, PROGRAM_SOURCES[program])] : [join(root, "dist/agent", `${program}.js`)];
}
