// Test helper: a real pseudo-terminal whose other end is a shell command (socat), standing in for a
// board. Used by the ports probe test and the banken-beat.sh tests.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PtyBoard {
  /** The host side: what the agent opens. */
  path: string;
  close(): Promise<void>;
}

/**
 * Starts `socat pty,raw,echo=0,link=PATH EXEC:sh <script file>`: the script's stdin/stdout is the board side.
 * Resolves once the link exists (socat creates it after opening the pty) and, when `readyText` is
 * given, once the board process has written it to stderr.
 */
export async function ptyBoard(script: string, readyText?: string): Promise<PtyBoard> {
  const dir = mkdtempSync(join(tmpdir(), "banken-pty-"));
  const path = join(dir, "tty");
  // The script goes to a file: socat's address parser would eat its quotes and commas.
  const scriptPath = join(dir, "board.sh");
  writeFileSync(scriptPath, script);
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${path}`, `EXEC:sh ${scriptPath}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const giveUpAt = Date.now() + 5000;
  while (!existsSync(path)) {
    if (child.exitCode !== null || Date.now() > giveUpAt) throw new Error(`socat did not create ${path}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // A board process that needs time to start (node) says when it reads its input.
  while (readyText !== undefined && !stderr.includes(readyText)) {
    if (child.exitCode !== null || Date.now() > giveUpAt) throw new Error(`board did not get ready: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    path,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A board that answers every line with `reply` (sh; `$l` is the received line). */
export function answeringScript(reply: string): string {
  return `while IFS= read -r l; do printf '%s\\n' "${reply}"; done`;
}

/** A device that reads everything and never answers. */
export const SILENT_SCRIPT = "cat >/dev/null";
