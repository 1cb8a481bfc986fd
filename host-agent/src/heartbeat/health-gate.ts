// The gate in front of every heartbeat: run the configured checks; only an all-"ok" run passes.
// The checks module is imported only when there are checks to run.
import type { AgentConfig, HookCommand } from "../config/index.ts";
import type { CheckResult } from "../checks/types.ts";

export interface HealthVerdict {
  passed: boolean;
  results: CheckResult[];
  /** "gateway: no reply from 10.0.0.1; disk: ..." when it did not pass, else "". */
  summary: string;
}

export async function checkHealth(config: AgentConfig | null, signal?: AbortSignal): Promise<HealthVerdict> {
  if (config === null || config.checks.length === 0) return { passed: true, results: [], summary: "" };
  const { runChecks, allPassed, summarizeFailures } = await import("../checks/runner.ts");
  const results = await runChecks(config.checks, { deadlineMs: config.checkDeadlineMs, maxParallel: config.maxParallel, signal });
  const passed = allPassed(results);
  return { passed, results, summary: passed ? "" : summarizeFailures(results) };
}

/** Runs a hook (repair command, !WARN hook) under its time limit; returns one line saying how it ended. */
export async function runHook(label: string, hook: HookCommand, signal?: AbortSignal): Promise<string> {
  const { runCommand, describeEnd } = await import("../checks/command-runner.ts");
  const result = await runCommand(hook.command, hook.timeoutMs, { signal });
  return `${label} ${hook.command[0]}: ${describeEnd(result)}`;
}
