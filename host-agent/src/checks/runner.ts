// Runs all checks at once, each under its own time limit and all under one deadline, like the
// Debian watchdog daemon's test loop but concurrent. A check that overruns is aborted (its child
// processes killed) and reported "timeout" at once; the run never waits for it.

import { formatMs } from "../config/units.ts";
import { CHECK_FUNCTIONS } from "./registry.ts";
import type { CheckContext, CheckOutcome, CheckResult, CheckSpec } from "./types.ts";

export type { CheckResult, CheckSpec, CheckStatus } from "./types.ts";

export interface RunChecksOptions {
  /** The whole run ends by then: checks still running are killed and reported "timeout". */
  deadlineMs: number;
  /** Cancels the run (SIGTERM): running checks are killed and reported "unknown". */
  signal?: AbortSignal;
  /** Environment for the checks' child processes; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where /proc is; default "/proc". */
  procDir?: string;
}

export async function runChecks(checks: CheckSpec[], opts: RunChecksOptions): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runOne(check, opts)));
}

/** True when every check reported "ok" (unknown and timeout do not pass; no checks passes). */
export function allPassed(results: CheckResult[]): boolean {
  return results.every((result) => result.status === "ok");
}

/** One line naming each check that did not pass: "gateway: no reply from 10.0.0.1; root-disk: ...". */
export function summarizeFailures(results: CheckResult[]): string {
  return results.filter((result) => result.status !== "ok").map((result) => `${result.name}: ${result.detail}`).join("; ");
}

async function runOne(check: CheckSpec, opts: RunChecksOptions): Promise<CheckResult> {
  const startMs = performance.now();
  const limitMs = Math.min(check.timeoutMs, opts.deadlineMs);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limitMs);
  const onCancel = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  else opts.signal?.addEventListener("abort", onCancel, { once: true });

  const context: CheckContext = { signal: controller.signal, timeoutMs: limitMs, env: opts.env ?? process.env, procDir: opts.procDir ?? "/proc" };
  const aborted = new Promise<"aborted">((resolve) => {
    if (controller.signal.aborted) resolve("aborted");
    else controller.signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  let outcome: CheckOutcome | "aborted";
  try {
    outcome = await Promise.race([startCheck(check, context), aborted]);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onCancel);
    controller.abort(); // whatever the check left running (a child, a socket) is ended now
  }
  const ms = Math.round(performance.now() - startMs);
  const base = { name: check.name, kind: check.kind, ms };
  if (outcome !== "aborted") return { ...base, ...outcome };
  if (timedOut) {
    const why = limitMs < check.timeoutMs ? `the run's deadline (${formatMs(limitMs)})` : `its time limit (${formatMs(limitMs)})`;
    return { ...base, status: "timeout", detail: `no answer within ${why}; stopped` };
  }
  return { ...base, status: "unknown", detail: "cancelled before it finished" };
}

/** A check that throws is a bug or an unforeseen error: report it as "unknown" with its message. */
async function startCheck(check: CheckSpec, context: CheckContext): Promise<CheckOutcome> {
  try {
    const run = CHECK_FUNCTIONS[check.kind] as (spec: CheckSpec, context: CheckContext) => Promise<CheckOutcome>;
    return await run(check, context);
  } catch (error) {
    return { status: "unknown", detail: `the check itself failed: ${(error as Error).message}` };
  }
}
