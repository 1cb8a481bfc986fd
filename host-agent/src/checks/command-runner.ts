// Runs one program with a hard time limit. The program gets its own process group, and when it
// ends, whether it passed, failed, timed out or was aborted, the whole group gets SIGKILL: a shell
// script's children die with it, and `sh -c "(sleep 300)& exit 0"` leaves nothing behind (a
// process that leaves the group with setsid escapes this; the systemd unit's cgroup catches it). The caller is
// answered at the deadline without waiting for the exit: a process stuck in the kernel (a `stat`
// on a dead NFS server sits in uninterruptible sleep) may outlive SIGKILL, and neither the answer
// nor the agent's own exit may wait for it, so its pipes are closed and it is unref'd.

import { spawn } from "node:child_process";

export interface CommandResult {
  /** Exit code; null when it did not exit by itself (timed out, killed by a signal, not started). */
  code: number | null;
  /** Signal that ended it, when one did (e.g. "SIGSEGV", or "SIGKILL" after a timeout). */
  signal?: string;
  timedOut: boolean;
  /** Set when it could not be started: "not found", "permission denied", or the OS's words. */
  startError?: string;
  /** stdout and stderr interleaved, at most the last OUTPUT_LIMIT_CHARS. */
  output: string;
  ms: number;
}

export interface RunCommandOptions {
  /** Aborting counts like a timeout: the group is killed and timedOut is true. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export const OUTPUT_LIMIT_CHARS = 4096;
/** After the exit, how long a grandchild holding our pipes may delay the rest of the output. */
const OUTPUT_GRACE_MS = 100;

export function runCommand(argv: string[], timeoutMs: number, options: RunCommandOptions = {}): Promise<CommandResult> {
  const startMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startMs);
  return new Promise((resolve) => {
    let output = "";
    let settled = false;
    const child = spawn(argv[0], argv.slice(1), {
      detached: true, // own process group, so kill(-pid) reaches the whole tree
      stdio: ["ignore", "pipe", "pipe"],
      env: options.env ?? process.env,
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT_CHARS);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);

    const finish = (result: Omit<CommandResult, "output" | "ms">) => {
      if (settled) return;
      settled = true;
      killGroup(child.pid); // what the program left running in its group ends with it
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve({ ...result, output: output.trim(), ms: elapsedMs() });
    };
    const onAbort = () => finish({ code: null, signal: "SIGKILL", timedOut: true });
    const timer = setTimeout(onAbort, timeoutMs);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error: NodeJS.ErrnoException) => {
      finish({ code: null, timedOut: false, startError: describeSpawnError(error) });
    });
    child.on("exit", (code, signal) => {
      const result = signal === null ? { code, timedOut: false } : { code, signal, timedOut: false };
      // Normally the pipes close right after the exit; wait for that so no output is lost.
      // Either may have closed before the exit event.
      const onClose = () => { if (child.stdout.closed && child.stderr.closed) finish(result); };
      child.stdout.once("close", onClose);
      child.stderr.once("close", onClose);
      onClose();
      setTimeout(() => finish(result), OUTPUT_GRACE_MS).unref();
    });
  });
}

/** "exited with code 3", "killed by SIGSEGV", "not found", ... for messages. */
export function describeEnd(result: CommandResult): string {
  if (result.startError !== undefined) return `could not be started: ${result.startError}`;
  if (result.timedOut) return "did not finish in time and was killed";
  if (result.signal !== undefined) return `was killed by ${result.signal}`;
  return `exited with code ${result.code}`;
}

/** The last non-empty line of the output, for a one-line detail. */
export function lastLine(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  return lines.length === 0 ? "" : lines[lines.length - 1];
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone (ESRCH): nothing left to kill.
  }
}

function describeSpawnError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "not found";
  if (error.code === "EACCES") return "permission denied";
  return error.message;
}
