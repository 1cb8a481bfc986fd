// Runs the checks concurrently, at most `maxParallel` at a time (2,000 checks must not put 2,000
// processes up), each under its own time limit and all under one deadline counted from the start of
// the run, like the Debian watchdog daemon's test loop but concurrent. A check that overruns is
// aborted (its child processes killed) and reported "timeout" at once; the run never waits for it.

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
  /** How many checks may run at once; default DEFAULT_MAX_PARALLEL. */
  maxParallel?: number;
}

export const DEFAULT_MAX_PARALLEL = 8;

export async function runChecks(checks: CheckSpec[], opts: RunChecksOptions): Promise<CheckResult[]> {
  // ONE listener on the caller's signal for the whole run, which aborts every check's own controller:
  // a listener per check would put 50 on the CLI's signal (MaxListenersExceededWarning past 10) and,
  // in the service, add and remove them again on every beat.
  const controllers = checks.map(() => new AbortController());
  const cancel = (): void => controllers.forEach((controller) => controller.abort());
  if (opts.signal?.aborted) cancel();
  else opts.signal?.addEventListener("abort", cancel, { once: true });
  const runStartMs = performance.now();
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  // Each lane takes the next check when its last one ended: at most maxParallel run at once.
  const lane = async (): Promise<void> => {
    while (next < checks.length) {
      const index = next++;
      results[index] = await runOne(checks[index], opts, controllers[index], runStartMs);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(checks.length, opts.maxParallel ?? DEFAULT_MAX_PARALLEL) }, lane));
    return results;
  } finally {
    opts.signal?.removeEventListener("abort", cancel);
  }
}

/** True when every check reported "ok" (unknown and timeout do not pass; no checks passes). */
export function allPassed(results: CheckResult[]): boolean {
  return results.every((result) => result.status === "ok");
}

/** One line naming each check that did not pass: "gateway: no reply from 10.0.0.1; root-disk: ...". */
export function summarizeFailures(results: CheckResult[]): string {
  return results.filter((result) => result.status !== "ok").map((result) => `${result.name}: ${result.detail}`).join("; ");
}

/** `controller` is this check's own: aborted at its time limit, or by runChecks on cancel. */
async function runOne(check: CheckSpec, opts: RunChecksOptions, controller: AbortController, runStartMs: number): Promise<CheckResult> {
  const startMs = performance.now();
  const leftMs = Math.max(0, Math.round(opts.deadlineMs - (startMs - runStartMs))); // a queued check had to wait
  const limitMs = Math.min(check.timeoutMs, leftMs);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limitMs);

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
    controller.abort(); // whatever the check left running (a child, a socket) is ended now
  }
  const ms = Math.round(performance.now() - startMs);
  const base = { name: check.name, kind: check.kind, ms };
  if (outcome !== "aborted") return { ...base, ...outcome, detail: escapeControls(outcome.detail) };
  if (timedOut) {
    const why = limitMs < check.timeoutMs ? `the run's deadline (${formatMs(opts.deadlineMs)})` : `its time limit (${formatMs(limitMs)})`;
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

/**
 * A check's detail quotes what a program printed; it goes to stderr, the journal and cron mail, where
 * an escape sequence could rewrite the terminal or hide lines. Control characters (C0, DEL and C1,
 * newlines and tabs too) become \xNN; other text, UTF-8 included, is kept.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
