// Two ptys joined by socat: the interpreter's Serial1 opens one end (`board`), the host opens the
// other (`host`) as it would a USB serial adapter. The pair outlives the interpreter, so a killed
// and restarted interpreter finds its port again, as a board finds its UART after a power cut.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";

export interface PtyPair {
  board: string;
  host: string;
  close(): Promise<void>;
}

/** A one-line error for a missing tool or a pair that does not come up. */
export class PtyPairError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PtyPairError";
    this.stack = `${this.name}: ${message}`;
  }
}

export async function openPtyPair(dir: string, names = { board: "board-tty", host: "host-tty" }): Promise<PtyPair> {
  const board = join(dir, names.board);
  const host = join(dir, names.host);
  let child: ChildProcess;
  try {
    child = spawn("socat", [`pty,raw,echo=0,link=${board}`, `pty,raw,echo=0,link=${host}`], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    throw new PtyPairError(`cannot start socat: ${(err as Error).message}`);
  }
  // socat carries every byte between host and interpreter: it gets the interpreter's priority (interpreter.ts).
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, -10);
    } catch {
      // not allowed: the default priority
    }
  }
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const spawnError = new Promise<Error>((done) => child.once("error", done));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const giveUpAt = Date.now() + 5000;
  while (!(existsSync(board) && existsSync(host))) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((done) => setTimeout(() => done(undefined), 10))]);
    if (failed) throw new PtyPairError(`cannot start socat (apt-get install socat): ${failed.message}`);
    if (child.exitCode !== null || Date.now() > giveUpAt) {
      await close();
      throw new PtyPairError(`socat did not make the pty pair: ${stderr.trim() || "(no output)"}`);
    }
  }
  return { board, host, close };
}
